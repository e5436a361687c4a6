/** Chunk fixtures for the streaming tests: the same bytes cut every way a network can cut them. */

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The bytes as chunks cut at the given offsets. */
export async function* cutAt(bytes: Uint8Array, ...offsets: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const offset of [...offsets, bytes.length]) {
    yield bytes.subarray(from, offset);
    from = offset;
  }
}

/** The bytes one at a time. */
export async function* byteByByte(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}

/**
 * An SSE sample with what a real stream mixes in: a comment, a named event, an `id:`, multi-line
 * data, CRLF line ends, Korean, Japanese and a 4-byte emoji (so that cuts fall inside
 * characters), a keep-alive with no data, and the `[DONE]` sentinel with something after it.
 */
export const SSE_SAMPLE =
  ": keep-alive\n\n" +
  'data: {"content":"안녕하세요"}\n\n' +
  "event: message\nid: 7\n" +
  'data: {"content":\ndata: " こんにちは"}\r\n\r\n' +
  "data:\n\n" +
  'data: {"content":" 🎉 done","completed":true}\n\n' +
  "data: [DONE]\n\n" +
  'data: {"content":"after the end"}\n\n';

/** The events SSE_SAMPLE carries, written out by hand. */
export const SSE_SAMPLE_EVENTS = [
  { content: "안녕하세요" },
  { content: " こんにちは" },
  { content: " 🎉 done", completed: true },
];

/** Newline-delimited JSON, with a blank line, a CRLF, and braces and escapes inside strings. */
export const NDJSON_SAMPLE = '{"delta":"売り上げ"}\n\n{"delta":"{not a brace}"}\r\n{"delta":"\\"quoted\\" 한국어"}\n';
export const NDJSON_SAMPLE_EVENTS = [{ delta: "売り上げ" }, { delta: "{not a brace}" }, { delta: '"quoted" 한국어' }];

/** JSON objects back to back, no separator at all, one nested. */
export const CONCATENATED_SAMPLE = '{"text":"日本"}{"text":"語","meta":{"n":[1,{"m":"}"}]}}{"text":"!"}';
export const CONCATENATED_SAMPLE_EVENTS = [
  { text: "日本" },
  { text: "語", meta: { n: [1, { m: "}" }] } },
  { text: "!" },
];
