/** Request bodies, encoded once (each attempt and redirect sends them again): JSON, or multipart/form-data (files). */
import { InvalidInputError } from "../errors/errors.js";
import { utf8Text } from "./check-input.js";
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
    if (jsonFields.includes(name))
      form.append(name, utf8Text(`body.${name}`, typeof value === "string" ? value : JSON.stringify(value)));
    else if (list || value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer) {
      for (const [index, item] of (list ? (value as unknown[]) : [value]).entries()) {
        const blob = await toBlob(list ? `body.${name}[${index}]` : `body.${name}`, item, openFile);
        const path = typeof item === "string" && item.split(/[\\/]/).pop();
        const named = typeof File !== "undefined" && blob instanceof File && blob.name;
        form.append(name, blob, named || path || `file-${index}`);
      }
    } else {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a scalar here: objects are sent as JSON
      form.append(name, utf8Text(`body.${name}`, typeof value === "object" ? JSON.stringify(value) : String(value)));
    }
  }
  return form;
}
const crlf = (text: string) => text.replace(/\r?\n|\r/g, "\r\n");
const quoted = (text: string) => `"${text.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22")}"`;
/** The form as fetch (undici) encodes it, but as one Blob that holds its files by reference: a file opened from a path
 * stays on disk and is read as it is sent (memory stays flat whatever its size), again from the start on each attempt
 * and redirect. The boundary is random, as undici's. */
function encodeForm(form: FormData) {
  const boundary = `----formdata-alli-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const parts: BlobPart[] = [];
  for (const [name, value] of form) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(crlf(name))}`;
    if (typeof value === "string") parts.push(`${head}\r\n\r\n${crlf(value)}\r\n`);
    else {
      const type = value.type || "application/octet-stream";
      parts.push(`${head}${value.name ? `; filename=${quoted(value.name)}` : ""}\r\nContent-Type: ${type}\r\n\r\n`);
      parts.push(value, "\r\n");
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return { body: new Blob(parts), type: `multipart/form-data; boundary=${boundary}` };
}
/** A call's body as text or a Blob, and its Content-Type. */
export async function encodeBody(value: unknown, meta: OperationMeta | undefined, openFile: OpenFile) {
  const multipart = !!value && meta?.requestBody?.mediaTypes.includes("multipart/form-data");
  const form = value instanceof FormData ? value : multipart && (await toFormData(value as never, meta!, openFile));
  if (form) return encodeForm(form);
  try {
    return { body: JSON.stringify(value), type: "application/json" };
  } catch (error) {
    // A value JSON cannot carry (a BigInt, a cycle) is the caller's error, before the network.
    throw new InvalidInputError("body", `must be JSON-serialisable: ${(error as Error).message}`);
  }
}
