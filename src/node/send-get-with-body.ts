/** Node only: sends a GET that carries a body through undici's `request`, which allows one. */
import { Readable } from "node:stream";

export async function sendGetWithBody(request: Request, body: BodyInit): Promise<Response> {
  const { request: undiciRequest } = await import("undici");
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  headers["content-type"] ??= "application/json";
  const result = await undiciRequest(request.url, {
    method: request.method as "GET",
    headers,
    body: typeof body === "string" ? body : Buffer.from(await new Response(body).arrayBuffer()),
    signal: request.signal,
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(result.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) responseHeaders.append(name, item);
  }
  const empty = result.statusCode === 204 || result.statusCode === 304;
  if (empty) result.body.resume();
  return new Response(empty ? null : (Readable.toWeb(result.body) as ReadableStream<Uint8Array>), {
    status: result.statusCode,
    headers: responseHeaders,
  });
}
