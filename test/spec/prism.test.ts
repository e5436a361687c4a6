/** Prism serves the merged spec: one request per tag, including the CSV and event-stream examples. */
import { describe, expect, inject, it } from "vitest";

const base = () => inject("prismUrl");
const auth = { "API-KEY": "test-key" };

describe("Prism mock of openapi/alli.openapi.json", () => {
  it("Others: serves the audit-log download's CSV example", async () => {
    const response = await fetch(`${base()}/webapi/v2/audit/logs/download?beforeRange=7`, {
      headers: { ...auth, Accept: "text/csv" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect((await response.text()).split("\n")[0]).toBe(
      "id,createdAt,agent,ip,operation,mutation,method,path,variables,query,body",
    );
  });

  it("Conversations: accepts a chat completions stream, and answers the bare schema (no page documents its events)", async () => {
    const response = await fetch(`${base()}/webapi/v2/chat/completions`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ messages: [{ role: "user", content: "Hi" }], mode: "stream" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(await response.text()).not.toContain("data:");
  });

  it("Apps: lists apps, and validates requests against the spec", async () => {
    const ok = await fetch(`${base()}/webapi/v2/apps?pageSize=10`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveProperty("apps");
    const outOfBounds = await fetch(`${base()}/webapi/v2/apps?pageSize=1000`, { headers: auth });
    // Prism answers an invalid request with the operation's documented 400 and says why.
    expect(outOfBounds.status).toBe(400);
    expect(outOfBounds.headers.get("sl-violations")).toContain("must be <= 100");
    const noKey = await fetch(`${base()}/webapi/v2/apps`);
    expect(noKey.status).toBe(401);
  });
});
