/** The text a stream carries, for the event shapes the API's streaming operations use or may use. */
import { describe, expect, it } from "vitest";
import { eventText, TextCollector } from "../../src/features/streaming/read-events.js";

/** The whole text of a list of events, as `stream.text()` collects it. */
function collectText(events: Iterable<unknown>): string {
  const collector = new TextCollector();
  for (const event of events) collector.add(event);
  return collector.text;
}

describe("eventText", () => {
  it.each([
    ["a string event", "plain", "plain"],
    ["content (chat completions)", { content: "Hello" }, "Hello"],
    ["answer (generative answer)", { answer: "Alli ", completed: false }, "Alli "],
    ["message (run_conversation)", { message: "Hello", completed: false }, "Hello"],
    ["text", { text: "t" }, "t"],
    [
      "result.responses[].message (run LLM app)",
      { result: { responses: [{ message: "Hel", completed: false }] } },
      "Hel",
    ],
    [
      "several responses, one per line",
      { result: { responses: [{ message: "one" }, { message: "two" }] } },
      "one\ntwo",
    ],
    ["OpenAI-like choices[0].delta.content", { choices: [{ delta: { content: "tok" } }] }, "tok"],
    [
      "OpenAI-like choices[0].message.content",
      { choices: [{ message: { role: "assistant", content: "full" } }] },
      "full",
    ],
    ["delta as a string", { delta: "d" }, "d"],
    ["delta.text", { delta: { text: "dt" } }, "dt"],
    [
      "content as an array of parts",
      {
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      },
      "ab",
    ],
    ["a message object with content", { message: { role: "assistant", content: "m" } }, "m"],
    [
      "a Draft.js answer",
      { answer: { blocks: [{ text: "line 1" }, { text: "line 2" }], entityMap: {} } },
      "line 1\nline 2",
    ],
  ])("reads %s", (_name, event, text) => {
    expect(eventText(event)?.text).toBe(text);
  });

  it.each([[{ completed: true }], [{ answer: {} }], [42], [null], [{ choices: [] }]])(
    "finds no text in %j",
    (event) => {
      expect(eventText(event)).toBeUndefined();
    },
  );
});

describe("collecting a stream's text", () => {
  it("appends increments", () => {
    expect(collectText([{ content: "Hello" }, { content: " there" }, { content: "!" }])).toBe("Hello there!");
  });

  it("replaces the text with a piece that resends everything so far", () => {
    expect(
      collectText([{ answer: "Alli " }, { answer: "Alli answers." }, { answer: "Alli answers.", completed: true }]),
    ).toBe("Alli answers.");
    expect(
      collectText([{ result: { responses: [{ message: "Hel" }] } }, { result: { responses: [{ message: "Hello" }] } }]),
    ).toBe("Hello");
  });

  it("always appends pieces named as increments, even when they repeat the text so far", () => {
    expect(collectText([{ delta: "ha" }, { delta: "ha" }])).toBe("haha");
    expect(
      collectText([{ choices: [{ delta: { content: "no" } }] }, { choices: [{ delta: { content: "no" } }] }]),
    ).toBe("nono");
  });

  it("skips events with no text (metadata, role-only deltas)", () => {
    expect(
      collectText([
        { choices: [{ delta: { role: "assistant" } }] },
        { content: "a" },
        { usage: { tokens: 3 } },
        { content: "b" },
      ]),
    ).toBe("ab");
  });

  it("reports the text each event added, for text-only output", () => {
    const collector = new TextCollector();
    expect([{ message: "Hel" }, { message: "Hello" }, { message: ", world" }].map((e) => collector.add(e))).toEqual([
      "Hel",
      "lo",
      ", world",
    ]);
    expect(collector.text).toBe("Hello, world");
  });
});
