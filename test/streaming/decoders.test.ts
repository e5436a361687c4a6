/**
 * The decoders alone, with no HTTP: bytes in (cut at every point), events and signals out.
 * Every expectation is written by hand from the fixture, never taken from the decoder.
 */
import { describe, expect, it } from "vitest";
import { decodeStream, formatOf as formatOfContentType, Signal } from "../../src/features/streaming/read-events.js";
import {
  byteByByte,
  CONCATENATED_SAMPLE,
  CONCATENATED_SAMPLE_EVENTS,
  cutAt,
  NDJSON_SAMPLE,
  NDJSON_SAMPLE_EVENTS,
  SSE_SAMPLE,
  SSE_SAMPLE_EVENTS,
  utf8,
} from "./fixtures.js";

type Decoded = unknown;

/** A matcher for a signal of one kind. */
const signalOf = (kind: Signal["kind"]) => expect.objectContaining({ kind });

async function decode(chunks: AsyncIterable<Uint8Array>, contentType?: string | null): Promise<Decoded[]> {
  const out: Decoded[] = [];
  for await (const item of decodeStream(chunks, contentType)) out.push(item);
  return out;
}

/** Events up to (not including) the first signal, and that signal. */
function split(items: Decoded[]): { events: unknown[]; signal: Decoded | undefined } {
  const at = items.findIndex((item) => item instanceof Signal);
  return at === -1 ? { events: items, signal: undefined } : { events: items.slice(0, at), signal: items[at] };
}

const samples = [
  { name: "SSE", contentType: "text/event-stream", text: SSE_SAMPLE, events: SSE_SAMPLE_EVENTS, ends: "done" },
  {
    name: "NDJSON",
    contentType: "application/x-ndjson",
    text: NDJSON_SAMPLE,
    events: NDJSON_SAMPLE_EVENTS,
    ends: undefined,
  },
  {
    name: "concatenated JSON",
    contentType: "application/json",
    text: CONCATENATED_SAMPLE,
    events: CONCATENATED_SAMPLE_EVENTS,
    ends: undefined,
  },
] as const;

describe.each(samples)("$name decoding", ({ contentType, text, events, ends }) => {
  const bytes = utf8(text);
  const check = (items: Decoded[]) => {
    const { events: got, signal } = split(items);
    expect(got).toEqual(events);
    if (ends) expect(signal).toEqual(signalOf(ends));
    else expect(signal).toBeUndefined();
  };

  it("decodes the whole body in one chunk", async () => {
    check(await decode(cutAt(bytes), contentType));
  });

  it("decodes the same events however two chunks split the bytes (every split point, inside characters too)", async () => {
    for (let at = 1; at < bytes.length; at++) check(await decode(cutAt(bytes, at), contentType));
  });

  it("decodes the same events from one byte at a time", async () => {
    check(await decode(byteByByte(bytes), contentType));
  });

  it("decodes the same events from three chunks at every pair of split points", async () => {
    for (let a = 1; a < bytes.length; a += 3)
      for (let b = a + 1; b < bytes.length; b += 5) check(await decode(cutAt(bytes, a, b), contentType));
  });
});

describe("SSE framing", () => {
  it("reads CR-only line ends, a BOM, fields without the space after the colon, and retry lines", async () => {
    const body = '\uFEFFretry: 1000\rdata:{"a":1}\r\rdata: {"a":2}\r\r';
    expect(await decode(cutAt(utf8(body)), "text/event-stream")).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("joins multi-line data with newlines before decoding", async () => {
    const body = 'data: {"lines":\ndata: ["one",\ndata: "two"]}\n\n';
    expect(await decode(cutAt(utf8(body)), "text/event-stream")).toEqual([{ lines: ["one", "two"] }]);
  });

  it("hands on data that is not JSON as its text", async () => {
    const body = "data: Hello\n\ndata:  world\n\n";
    expect(await decode(cutAt(utf8(body)), "text/event-stream")).toEqual(["Hello", " world"]);
  });

  it("keeps a last event whose blank line never came when its data is complete JSON", async () => {
    expect(await decode(cutAt(utf8('data: {"a":1}\n\ndata: {"a":2}')), "text/event-stream")).toEqual([
      { a: 1 },
      { a: 2 },
    ]);
  });

  it("reports a last event cut off in the middle as truncated", async () => {
    const items = await decode(cutAt(utf8('data: {"a":1}\n\ndata: {"a":')), "text/event-stream");
    expect(items[0]).toEqual({ a: 1 });
    expect(items[1]).toEqual(signalOf("truncated"));
    expect((items[1] as Signal).data).toBe('{"a":');
  });

  it("reports data that starts like JSON and is broken as invalid", async () => {
    const [item] = await decode(cutAt(utf8("data: {oops}\n\n")), "text/event-stream");
    expect(item).toEqual(signalOf("invalid"));
  });
});

describe("JSON streams", () => {
  it("reads a JSON text sequence (RS-prefixed) and top-level scalars", async () => {
    const body = '\x1e{"a":1}\n\x1e"two"\n\x1e3\n\x1etrue';
    expect(await decode(cutAt(utf8(body)), "application/json-seq")).toEqual([{ a: 1 }, "two", 3, true]);
  });

  it("reads one plain JSON body as one event", async () => {
    const body = '{\n  "answer": "Alli answers.",\n  "errors": null\n}\n';
    expect(await decode(cutAt(utf8(body), 5), "application/json; charset=utf-8")).toEqual([
      { answer: "Alli answers.", errors: null },
    ]);
  });

  it("reports an object cut off in the middle as truncated, after the complete ones", async () => {
    const items = await decode(cutAt(utf8('{"a":1}\n{"a":"unfinished')), "application/x-ndjson");
    expect(items[0]).toEqual({ a: 1 });
    expect(items[1]).toEqual(signalOf("truncated"));
  });

  it("reports a line that is not JSON as invalid", async () => {
    const items = await decode(cutAt(utf8('{"a":1}\nnonsense\n')), "application/x-ndjson");
    expect(items[0]).toEqual({ a: 1 });
    expect(items[1]).toEqual(signalOf("invalid"));
  });
});

describe("choosing the decoder", () => {
  it("maps content types to formats", () => {
    expect(formatOfContentType("text/event-stream; charset=utf-8")).toBe("sse");
    expect(formatOfContentType("application/x-ndjson")).toBe("json");
    expect(formatOfContentType("application/jsonl")).toBe("json");
    expect(formatOfContentType("application/problem+json")).toBe("json");
    expect(formatOfContentType("text/plain")).toBeUndefined();
    expect(formatOfContentType(null)).toBeUndefined();
  });

  it("reads JSON labelled as an event stream, and SSE labelled as JSON (the body's first character settles it)", async () => {
    expect(await decode(cutAt(utf8('\n{"a":1}{"a":2}')), "text/event-stream")).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await decode(cutAt(utf8('\ndata: {"a":1}\n\n')), "application/json")).toEqual([{ a: 1 }]);
  });

  it("reports a body that is neither SSE nor JSON instead of ending with no events", async () => {
    const [html] = await decode(cutAt(utf8("<!DOCTYPE html><title>Bad gateway</title>"), 4), "text/html");
    expect(html).toEqual(signalOf("invalid"));
    expect((html as Signal).data).toContain("Bad gateway");
    const [stray] = await decode(cutAt(utf8("upstream timed out\n\n"), 3), "text/event-stream");
    expect(stray).toEqual(signalOf("invalid"));
    expect((stray as Signal).data).toBe("upstream timed out");
  });

  it("reads a body with no Content-Type by its first character, waiting through leading whitespace", async () => {
    expect(await decode(cutAt(utf8('\r\n\ndata: {"a":1}\n\n'), 1, 3), null)).toEqual([{ a: 1 }]);
    expect(await decode(cutAt(utf8('  \n {"a":1}'), 1, 3), null)).toEqual([{ a: 1 }]);
    expect(await decode(cutAt(utf8("\n\n"), 1), null)).toEqual([]);
  });
});

describe("errors in the stream", () => {
  it("turns an SSE error event into an error signal carrying its data", async () => {
    const items = await decode(
      cutAt(utf8('data: {"a":1}\n\nevent: error\ndata: {"message":"quota exceeded"}\n\n')),
      "text/event-stream",
    );
    expect(items[0]).toEqual({ a: 1 });
    expect(items[1]).toEqual(signalOf("error"));
    expect((items[1] as Signal).data).toEqual({ message: "quota exceeded" });
  });

  it("keeps a plain-text error event's text", async () => {
    const [item] = await decode(cutAt(utf8("event: error\ndata: model overloaded\n\n")), "text/event-stream");
    expect((item as Signal).data).toBe("model overloaded");
  });

  it("turns events with a non-empty error or errors field, or type error, into error signals", async () => {
    const body = [
      '{"error":"boom"}',
      '{"errors":["bad field"]}',
      '{"error":{"message":"x"}}',
      '{"type":"error","message":"y"}',
      '{"error":true}',
    ].join("\n");
    const items = await decode(cutAt(utf8(body)), "application/x-ndjson");
    expect(items).toHaveLength(5);
    for (const item of items) expect(item).toEqual(signalOf("error"));
  });

  it("does not take errors: null, {}, [], or an empty error string for an error", async () => {
    const events = [
      { errors: null, answer: "a" },
      { errors: {} },
      { errors: [] },
      { error: "" },
      { error: null },
      { error: false },
    ];
    const body = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("");
    expect(await decode(cutAt(utf8(body)), "text/event-stream")).toEqual(events);
  });
});
