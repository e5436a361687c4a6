/** Request bodies, encoded once (each attempt and redirect sends them again): JSON, or multipart/form-data (files). */
import { InvalidInputError } from "../errors/errors.js";
import type { OperationMeta } from "./operations.js";

/** A file to upload: a Blob or File, bytes (Buffer, Uint8Array), or in Node.js a path on disk. */
export type FileInput = Blob | ArrayBuffer | Uint8Array | string;
/** Opens a file path as a Blob (Node.js); absent where there is no file system. */
export type OpenFile = ((path: string) => Promise<Blob>) | undefined;
async function toBlob(field: string, value: unknown, openFile: OpenFile): Promise<Blob> {
  if (value instanceof Blob) return value;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return new Blob([value as BlobPart]);
  if (typeof value !== "string")
    throw new InvalidInputError(field, "must be a Blob, File, Buffer, Uint8Array or (in Node.js) a file path");
  if (!openFile) throw new InvalidInputError(field, "a file path can only be read in Node.js; pass a Blob or File");
  try {
    return await openFile(value);
  } catch (error) {
    throw new InvalidInputError(field, `cannot read the file ${JSON.stringify(value)}: ${(error as Error).message}`);
  }
}
/** The body's fields as FormData: a list is files sent as the same field repeated. */
async function toFormData(body: Record<string, unknown>, meta: OperationMeta, openFile: OpenFile) {
  const [form, jsonFields] = [new FormData(), meta.requestBody?.jsonStringFields ?? []];
  for (const [name, value] of Object.entries(body)) {
    const list = Array.isArray(value);
    if (value === undefined || value === null) continue;
    if (jsonFields.includes(name)) form.append(name, typeof value === "string" ? value : JSON.stringify(value));
    else if (list || value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer) {
      for (const [index, item] of (list ? (value as unknown[]) : [value]).entries()) {
        const blob = await toBlob(list ? `body.${name}[${index}]` : `body.${name}`, item, openFile);
        const path = typeof item === "string" && item.split(/[\\/]/).pop();
        const named = typeof File !== "undefined" && blob instanceof File && blob.name;
        form.append(name, blob, named || path || `file-${index}`);
      }
    } else {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scalar here: objects are sent as JSON
      form.append(name, typeof value === "object" ? JSON.stringify(value) : String(value));
    }
  }
  return form;
}
/** A call's body as text or bytes, and its Content-Type. */
export async function encodeBody(value: unknown, meta: OperationMeta | undefined, openFile: OpenFile) {
  const multipart = !!value && meta?.requestBody?.mediaTypes.includes("multipart/form-data");
  const form = value instanceof FormData ? value : multipart && (await toFormData(value as never, meta!, openFile));
  if (form) {
    const encoded = new Response(form);
    return { body: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get("content-type")! };
  }
  try {
    return { body: JSON.stringify(value), type: "application/json" };
  } catch (error) {
    // A value JSON cannot carry (a BigInt, a cycle) is the caller's error, before the network.
    throw new InvalidInputError("body", `must be JSON-serialisable: ${(error as Error).message}`);
  }
}
