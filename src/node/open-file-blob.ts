/** Node only: a file on disk as a Blob, read lazily by fetch as the upload goes. */
import { openAsBlob } from "node:fs";

export const openFileBlob = (path: string): Promise<Blob> => openAsBlob(path);
