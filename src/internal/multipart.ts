/**
 * multipart/form-data bodies (run_conversation): file fields accept Blob, File, bytes, or a file
 * path in Node; fields the spec marks `x-alli-json-string` accept any value and are sent as JSON.
 */
import { InvalidInputError } from "../errors.js";
import { isNode } from "./runtime.js";

/** A file to upload: a Blob or File, bytes (Buffer, Uint8Array), or in Node a path on disk. */
export type FileInput = Blob | ArrayBuffer | Uint8Array | string;

async function toBlob(field: string, value: unknown): Promise<Blob> {
  if (value instanceof Blob) return value;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return new Blob([value as BlobPart]);
  if (typeof value === "string") {
    if (!isNode()) {
      throw new InvalidInputError(field, "a file path can only be read in Node.js; pass a Blob or File");
    }
    const { openFileBlob } = await import("../node/open-file-blob.js");
    try {
      return await openFileBlob(value);
    } catch (error) {
      throw new InvalidInputError(field, `cannot read the file ${JSON.stringify(value)}: ${(error as Error).message}`);
    }
  }
  throw new InvalidInputError(field, "must be a Blob, File, Buffer, Uint8Array or (in Node.js) a file path");
}

function fileName(value: unknown, blob: Blob, index: number): string {
  if (typeof File !== "undefined" && blob instanceof File && blob.name) return blob.name;
  if (typeof value === "string") return value.split(/[\\/]/).pop() || `file-${index}`;
  return `file-${index}`;
}

export async function toFormData(body: Record<string, unknown>, jsonStringFields: readonly string[]): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (jsonStringFields.includes(name)) {
      form.append(name, typeof value === "string" ? value : JSON.stringify(value));
    } else if (Array.isArray(value)) {
      // An array field is a list of files, sent as the same field repeated.
      for (const [index, item] of value.entries()) {
        const blob = await toBlob(`body.${name}[${index}]`, item);
        form.append(name, blob, fileName(item, blob, index));
      }
    } else if (value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer) {
      const blob = await toBlob(`body.${name}`, value);
      form.append(name, blob, fileName(value, blob, 0));
    } else {
      form.append(name, typeof value === "object" ? JSON.stringify(value) : String(value));
    }
  }
  return form;
}
