/** A non-ASCII OWN-USER-ID is sent in the Authentication page's `base64:` form by every route it can take. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
});
afterAll(() => server.close());
const sentId = () => String(server.requests.at(-1)!.headers["own-user-id"]);
const decoded = (sent: string) => Buffer.from(sent.slice("base64:".length), "base64").toString("utf8");

const id = "김민수";
const routes: Array<[string, (alli: ReturnType<typeof createAlliClient>) => Promise<unknown>]> = [
  ["user.ownUserId on a call", (alli) => alli.getProject({ user: { ownUserId: id } })],
  [
    "params.header on the path map",
    (alli) => alli.GET("/webapi/v2/projects", { params: { header: { "OWN-USER-ID": id } } }),
  ],
  ["per-call headers", (alli) => alli.getProject({ headers: { "own-user-id": id } })],
  ["per-call header pairs", (alli) => alli.getProject({ headers: [["OWN-USER-ID", id]] as never })],
  ["client headers", (alli) => alli.withOptions({ headers: { "OWN-USER-ID": id } }).getProject()],
];

it.each(routes)("sends a non-ASCII id given by %s as base64: of its UTF-8 bytes", async (_route, send) => {
  await send(createAlliClient({ apiKey: "k", baseUrl: server.url }));
  expect(sentId()).toMatch(/^base64:[A-Za-z0-9+/]+=*$/);
  expect(decoded(sentId())).toBe(id);
});

it("sends an ASCII id, and one already in base64: form, as given", async () => {
  const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
  await alli.getProject({ headers: { "OWN-USER-ID": "user-7" } });
  expect(sentId()).toBe("user-7");
  const encoded = `base64:${Buffer.from(id).toString("base64")}`;
  await alli.GET("/webapi/v2/projects", { params: { header: { "OWN-USER-ID": encoded } } });
  expect(sentId()).toBe(encoded);
});

it("refuses a lone surrogate in the header before the network, naming it", async () => {
  const before = server.requests.length;
  const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
  const error = await alli.getProject({ headers: { "OWN-USER-ID": "a\ud800" } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error).toMatchObject({ field: "headers.OWN-USER-ID" });
  expect(server.requests.length).toBe(before);
});

it("still refuses a non-Latin-1 value in another header", async () => {
  const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
  const error = await alli.getProject({ headers: { "USER-EMAIL": "김@example.com" } }).catch((e: unknown) => e);
  expect(error).toMatchObject({ field: "headers.USER-EMAIL" });
});
