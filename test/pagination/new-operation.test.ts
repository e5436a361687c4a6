/**
 * A paginated operation the SDK has never seen: the walk is driven only by its x-alli-pagination
 * metadata, so a documentation update that adds one needs no SDK edit. The path is not in the
 * spec, so this server stands alone (no Prism), and each page goes through the public path map.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { PaginationMeta } from "../../src/core/operations.js";
import { startOf } from "../../src/features/pagination/paginate.js";
import { walkItems } from "../../src/features/pagination/walk.js";
import { createAlliClient } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { drain } from "./paging-scripts.js";
import { queryOf } from "./paging-upstream.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const widgets = Array.from({ length: 23 }, (_, i) => ({ id: `w${i}` }));

/** Every item of the walk of `meta` over `/webapi/v9/widgets`, each page fetched by `alli.GET`. */
function walk(meta: PaginationMeta, query: Record<string, unknown>) {
  const alli = createAlliClient({ apiKey: "test-key", baseUrl: server!.url, maxRetries: 0 });
  const operation = { method: "GET", path: "/webapi/v9/widgets", operationId: meta.operationId };
  const fetch = (pageQuery: Record<string, unknown>) =>
    alli.GET("/webapi/v9/widgets" as never, { params: { query: { ...query, ...pageQuery } } } as never);
  return walkItems({ meta, operation, start: startOf(meta, query), fetch, lookAhead: false });
}

describe("metadata of a new operation", () => {
  it("cursor style under other names: `after` in, `nextAfter` out", async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      const from = Number(url.searchParams.get("after") ?? 0);
      const end = from + 10;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ widgets: widgets.slice(from, end), nextAfter: end < widgets.length ? String(end) : null }),
      );
    });
    const meta = {
      method: "get",
      operationId: "listWidgets",
      style: "cursor",
      itemsField: "widgets",
      cursorParam: "after",
      cursorField: "nextAfter",
    };
    const { items, error } = await drain(walk(meta, { color: "red" }));
    expect(error).toBeUndefined();
    expect(items).toEqual(widgets);
    expect(server.requests.map((r) => queryOf(new URL(r.url, "http://x")))).toEqual([
      { color: "red" },
      { color: "red", after: "10" },
      { color: "red", after: "20" },
    ]);
  });

  it("offset with a total under other names: `skip` and `take` in, `rows` and `total` out", async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      const skip = Number(url.searchParams.get("skip"));
      const take = Number(url.searchParams.get("take"));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ rows: widgets.slice(skip, skip + take), total: widgets.length }));
    });
    const meta = {
      method: "get",
      operationId: "listWidgets",
      style: "offset-total",
      itemsField: "rows",
      offsetParam: "skip",
      limitParam: "take",
      totalField: "total",
    };
    const { items } = await drain(walk(meta, { take: 8 }));
    expect(items).toEqual(widgets);
    expect(server.requests.map((r) => new URL(r.url, "http://x").searchParams.get("skip"))).toEqual(["0", "8", "16"]);
  });
});
