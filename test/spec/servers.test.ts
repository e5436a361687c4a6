/**
 * Servers per operation: each page's servers stay with its operations (the Apps page names only
 * US), the top level keeps them all, and the overlay adds JA to the app operations, for the
 * reason the App Market page gives. An operation on two pages gets the servers of both.
 */
import { describe, expect, it } from "vitest";
import { combine, MergeConflictError } from "../../scripts/lib/combine.js";
import type { OpenApiFragment } from "../../scripts/lib/page.js";
import type { Source } from "../../scripts/lib/sources.js";
import { withoutSuperseded } from "../../scripts/lib/superseded.js";
import { sources } from "../helpers/fragments.js";
import { allOperations, op, spec } from "../helpers/spec.js";

const US = { url: "https://backend.alli.ai", description: "US" };
const JA = { url: "https://backend-ja.alli.ai", description: "JA" };

const source = (name: string, document: OpenApiFragment, handWritten = false): Source => ({
  name,
  language: "en",
  document,
  ...(handWritten ? { handWritten } : {}),
});

const listApps = (servers: object[] | undefined, tags: string[], extra: object = {}) => ({
  openapi: "3.1.0",
  ...(servers ? { servers } : {}),
  paths: {
    "/webapi/v2/apps": {
      get: { operationId: "listApps", tags, responses: { "200": { description: "OK" } }, ...extra },
    },
  },
});

describe("servers", () => {
  it("each operation declares its servers in the top level's form (URL, region label, x-alli-region)", () => {
    for (const { path, method, operation } of allOperations()) {
      expect(operation.servers, `${method} ${path}`).toEqual(spec.servers);
    }
  });

  it("combine keeps each page's servers on its operations: the Apps page names only US", () => {
    const { document } = combine(sources());
    expect(op("/webapi/v2/apps", "get", document).servers).toEqual([US]);
    expect(op("/webapi/v2/conversations", "get", document).servers).toEqual([US, JA]);
    expect(document.servers).toEqual([US, JA]);
  });

  it("the overlay gives every Apps operation the JA server, once", () => {
    const apps = allOperations().filter(({ operation }) => operation.tags.includes("Apps"));
    expect(apps).toHaveLength(14);
    for (const { operation } of apps)
      expect(operation.servers.filter((s: { url: string }) => s.url === JA.url)).toHaveLength(1);
  });

  it("a hand-written file that names no server claims none for its operations", () => {
    const { document } = combine([source("extra/x.yaml", listApps(undefined, ["Apps"]), true)]);
    expect(op("/webapi/v2/apps", "get", document).servers).toBeUndefined();
  });

  it("merges one operation two pages publish with other servers and tags, keeping the first page's tags", () => {
    const { document, notices } = combine([
      source("apps.en/get.json", listApps([US], ["apps"])),
      source("app-market.en/get.json", listApps([JA, US], ["Apps"])),
    ]);
    expect(op("/webapi/v2/apps", "get", document)).toMatchObject({ servers: [JA, US], tags: ["Apps"] });
    expect(notices).toEqual([
      `GET /webapi/v2/apps is published by app-market.en/get.json and apps.en/get.json with different servers ${JA.url}, ${US.url} / ${US.url} and tags Apps / apps: merged into one operation, with the servers of both and the tags of app-market.en/get.json`,
    ]);
    // Tags and servers aside, the two must still agree.
    expect(() =>
      combine([
        source("apps.en/get.json", listApps([US], ["apps"])),
        source("app-market.en/get.json", listApps([JA], ["Apps"], { deprecated: true })),
      ]),
    ).toThrow(MergeConflictError);
  });
});

describe("a hand-written operation the site comes to publish", () => {
  const handWritten = source(
    "extra/cognitive-config.yaml",
    {
      paths: {
        "/webapi/v2/cognitive_config": {
          get: { operationId: "getCognitiveConfig", responses: {} },
          patch: { operationId: "patchCognitiveConfig", responses: {} },
        },
      },
    },
    true,
  );
  const published = (method: string) =>
    source(`app-market.en/${method}.json`, {
      paths: { "/webapi/v2/cognitive_config": { [method]: { operationId: "upstream", responses: { "200": {} } } } },
    });

  it("is replaced by the site's, the file's other operations staying, and said", () => {
    const { sources: kept, notices } = withoutSuperseded([handWritten, published("get")]);
    expect(kept.find((s) => s.handWritten)?.document.paths).toEqual({
      "/webapi/v2/cognitive_config": { patch: { operationId: "patchCognitiveConfig", responses: {} } },
    });
    expect(notices).toEqual([
      "GET /webapi/v2/cognitive_config: the site now publishes it (app-market.en/get.json), which replaces the one in openapi/extra/cognitive-config.yaml",
    ]);
  });

  it("makes the file unneeded once all its operations are published", () => {
    const { sources: kept, notices } = withoutSuperseded([handWritten, published("get"), published("patch")]);
    expect(kept.some((s) => s.handWritten)).toBe(false);
    expect(notices).toContain(
      "openapi/extra/cognitive-config.yaml is no longer needed: the site publishes all its operations; delete it",
    );
  });
});
