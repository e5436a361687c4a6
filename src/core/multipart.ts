/**
 * multipart/form-data bodies (run_conversation): file fields take a Blob, a File, bytes, or in
 * Node.js a file path; fields the spec marks `x-alli-json-string` take any value, sent as JSON.
 */
import { InvalidInputError } from "../errors/errors.js";

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

function fileName(value: unknown, blob: Blob, index: number): string {
  if (typeof File !== "undefined" && blob instanceof File && blob.name) return blob.name;
  return (typeof value === "string" && value.split(/[\\/]/).pop()) || `file-${index}`;
}

/** The body's fields as FormData: a list is files sent as the same field repeated. */
export async function toFormData(
  body: Record<string, unknown>,
  jsonFields: readonly string[],
  openFile: OpenFile,
): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (jsonFields.includes(name)) form.append(name, typeof value === "string" ? value : JSON.stringify(value));
    else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const blob = await toBlob(`body.${name}[${index}]`, item, openFile);
        form.append(name, blob, fileName(item, blob, index));
      }
    } else if (value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer) {
      form.append(name, await toBlob(`body.${name}`, value, openFile), fileName(value, value as Blob, 0));
    } else form.append(name, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return form;
}

/** The form's bytes, encoded once so that every attempt and redirect can send them again, and their Content-Type. */
export async function encodeForm(form: FormData): Promise<{ body: Uint8Array<ArrayBuffer>; type: string }> {
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get("content-type")! };
}
