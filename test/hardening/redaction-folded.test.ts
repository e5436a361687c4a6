/**
 * The key in any letter case, and in every field of every error: a server that folds what it echoes
 * (`alli verify` lower-cases a media type, undici lower-cases header names, a body upper-cases), a
 * caller's header or query *name* holding the key, and a walk's failed page whose cursor is the key.
 * Every output is compared lower-cased against the key lower-cased. Loopback servers only.
 */
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import { redactText, registerSecrets } from "../../src/errors/redact.js";
import { AlliError, createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Fails when `key` shows in `text` in any letter case. */
function expectNoKey(text: string, key: string): void {
  expect(text.toLowerCase()).not.toContain(key.toLowerCase());
}
/** Every way an error is shown or read: message, stack, JSON, inspect with hidden fields, each own field. */
function renderings(error: unknown): string {
  const e = error as AlliError & Record<string, unknown>;
  const fields = Object.getOwnPropertyNames(e).map((name) => inspect(e[name], { showHidden: true, depth: 10 }));
  return [e.message, e.stack, JSON.stringify(e), inspect(e, { showHidden: true, depth: 10 }), ...fields].join("\n");
}
function context(key: string) {
  const ctx = {
    out: "",
    err: "",
    env: { ALLI_API_KEY: key },
    stdout: { write: (t: string) => (ctx.out += t) },
    stderr: { write: (t: string) => (ctx.err += t) },
    onInterrupt: () => () => {},
  };
  return ctx as typeof ctx & CliContext;
}

describe("alli verify against a server whose media type is the key", () => {
  it.each([
    ["an all-lower-case key", "sk-lowercase0key9abc"],
    ["a mixed-case key", "Sk-MixedCASEkey42Xy"],
  ])("%s: no line on stdout or stderr shows it, in any case", async (_what, key) => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": `application/x-${key}` });
      res.end("{}");
    });
    const ctx = context(key);
    const code = await runCli(["verify", "--base-url", server.url], ctx);
    expect(code).toBe(1); // every answer drifted: the media type is not the spec's
    expect(ctx.out).toContain("drift");
    expectNoKey(ctx.out, key);
    expectNoKey(ctx.err, key);
  });
});

describe("an error whose answer folds the key", () => {
  it("a response header named after a mixed-case key, and a body echoing it upper-cased", async () => {
    const key = "Sk-TestKEYabc123";
    server = await startServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json", [`x-${key}`]: "1" });
      res.end(JSON.stringify({ message: `bad key ${key.toUpperCase()}` }));
    });
    const alli = createAlliClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 });
    const error = (await alli.GET("/webapi/v2/apps").catch((e: unknown) => e)) as AlliError;
    expect(error).toBeInstanceOf(AlliError);
    expect(error.status).toBe(500);
    expect(Object.keys(error.headers ?? {})).toContain("x-[redacted]");
    expectNoKey(JSON.stringify(error.headers), key);
    expectNoKey(renderings(error), key);
  });
});

describe("the key in an error's fields", () => {
  const key = "Sk-FieldKEY0987zyx";
  // As given, and upper-cased (a caller's own folding): the field and rule are redacted in any case.
  it.each([
    ["a header name holding the key as given", { headers: { [`API-KEY: ${key}`]: "" } }, /^headers\./],
    ["a header name holding the key upper-cased", { headers: { [`API-KEY: ${key.toUpperCase()}`]: "" } }, /^headers\./],
    ["a query name holding the key", { params: { query: { [key.toLowerCase()]: 1 } } }, /^query\./],
  ])("%s: field, rule, message, stack, inspect and JSON", async (_how, init, field) => {
    server = await startServer((_req, res) => void res.end("{}"));
    const alli = createAlliClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 });
    const error = (await alli.GET("/webapi/v2/apps", init as never).catch((e: unknown) => e)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.field).toMatch(field);
    expectNoKey(`${error.field}\n${error.rule}`, key);
    expectNoKey(renderings(error), key);
    expect(server.requests).toHaveLength(0);
  });

  it("a walk's failed page: its position's cursor, the key the server sent, is redacted", async () => {
    server = await startServer((_req, res, _body, index) => {
      res.writeHead(index === 0 ? 200 : 500, { "content-type": "application/json" });
      res.end(JSON.stringify(index === 0 ? { apps: [{ id: "a1" }], cursor: key } : { message: "down" }));
    });
    const alli = createAlliClient({ baseUrl: server.url, apiKey: key, maxRetries: 0 });
    let error: unknown;
    try {
      for await (const app of alli.paginate("/webapi/v2/apps")) void app;
    } catch (e) {
      error = e;
    }
    const failed = error as AlliError;
    expect(failed).toBeInstanceOf(AlliError);
    expect(failed.page?.index).toBe(1);
    expect(failed.page?.position).toEqual({ cursor: "[redacted]" });
    expectNoKey(inspect(failed.page, { depth: 10 }), key);
    expectNoKey(renderings(failed), key);
  });
});

describe("past 256 registered forms (the prefix index instead of one pattern)", () => {
  it("finds each secret in any letter case, the longest first", () => {
    // One form each (nothing to trim or encode): 300 forms, past the pattern's 256. Owners stay alive in the test.
    const owners = Array.from({ length: 300 }, (_, i) => ({ i }));
    owners.forEach((owner, i) => registerSecrets(owner, [`Tenant-${i}-KeyXyZ${"q".repeat(i % 5)}`]));
    const longer = { longer: true };
    registerSecrets(longer, ["Tenant-7-KeyXyZqqWithMore"]);
    const text = `a TENANT-3-KEYXYZQQQ b tenant-7-keyxyzqqwithmore c Tenant-299-keyXYZqqqq d`;
    expect(redactText(text)).toBe("a [redacted] b [redacted] c [redacted] d");
    expect(owners.length + Number(longer.longer)).toBe(301);
  });
});
