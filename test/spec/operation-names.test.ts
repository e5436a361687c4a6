/**
 * The names users call (openapi/operation-names.json): kept by method and path whatever upstream
 * does to its ids; changed only by an explicit rename in the overlay, which the map then records.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { buildSpec } from "../../scripts/lib/build-spec.js";
import { namesJson, type OperationNames } from "../../scripts/lib/operation-names.js";
import type { Overlay } from "../../scripts/lib/overlay.js";
import type { Source } from "../../scripts/lib/sources.js";
import { sources } from "../helpers/fragments.js";
import { op, ROOT } from "../helpers/spec.js";

const NAMES_FILE = join(ROOT, "openapi", "operation-names.json");
const committedNames = (): OperationNames => JSON.parse(readFileSync(NAMES_FILE, "utf8"));
const committedOverlay = (): Overlay => parseYaml(readFileSync(join(ROOT, "openapi", "overlay.yaml"), "utf8"));

/** The committed sources, with GET /webapi/v2/apps/{app_id}'s upstream id replaced. */
function withUpstreamId(operationId: string): Source[] {
  return sources().map((source) => {
    const get = source.document.paths?.["/webapi/v2/apps/{app_id}"]?.get;
    if (!get) return source;
    const document = structuredClone(source.document);
    document.paths!["/webapi/v2/apps/{app_id}"]!.get!.operationId = operationId;
    return { ...source, document };
  });
}

const renaming = (path: string, method: string, operationId: string): Overlay => {
  const overlay = committedOverlay();
  overlay.actions.push({
    target: `$.paths['${path}'].${method}`,
    description: "A test's explicit rename.",
    update: { operationId },
  });
  return overlay;
};

describe("operation names", () => {
  it("are what scripts/merge committed, one per operation", () => {
    const { spec, names } = buildSpec();
    expect(namesJson(names)).toBe(readFileSync(NAMES_FILE, "utf8"));
    expect(Object.keys(names)).toHaveLength(Object.values<object>(spec.paths).flatMap(Object.keys).length);
  });

  it("stay when upstream renames an id, and the report says what the new id would derive", () => {
    const renamedUpstream = "django_server_llm_app_views_rest_apps_api_fetch_app_detail";
    const { spec, names, notices } = buildSpec({ sources: withUpstreamId(renamedUpstream), names: committedNames() });
    expect(op("/webapi/v2/apps/{app_id}", "get", spec).operationId).toBe("getApp");
    expect(names).toEqual(committedNames());
    expect(notices).toContain(
      `GET /webapi/v2/apps/{app_id}: keeps the name getApp; its upstream id ${renamedUpstream} would derive fetchAppDetail`,
    );
  });

  it("change by an explicit rename in the overlay, which the map then records", () => {
    const path = "/webapi/v2/apps/{app_id}/run_conversation";
    const { spec, names, notices } = buildSpec({
      overlay: renaming(path, "post", "streamConversation"),
      names: committedNames(),
    });
    expect(op(path, "post", spec).operationId).toBe("streamConversation");
    expect(names).toEqual({ ...committedNames(), [`POST ${path}`]: "streamConversation" });
    expect(notices).toContain(
      `POST ${path}: renamed runConversation → streamConversation by openapi/overlay.yaml (callers of runConversation must change)`,
    );
  });

  it("change by an overlay rename to the very name the new upstream id derives", () => {
    const { spec, names } = buildSpec({
      sources: withUpstreamId("django_server_llm_app_views_rest_apps_api_fetch_app_detail"),
      overlay: renaming("/webapi/v2/apps/{app_id}", "get", "fetchAppDetail"),
      names: committedNames(),
    });
    expect(op("/webapi/v2/apps/{app_id}", "get", spec).operationId).toBe("fetchAppDetail");
    expect(names["GET /webapi/v2/apps/{app_id}"]).toBe("fetchAppDetail");
  });

  it("are given by rule to a new operation, and taken out for one gone", () => {
    const given: OperationNames = { ...committedNames(), "GET /webapi/v2/gone": "getGone" };
    delete given["GET /webapi/v2/apps/{app_id}"];
    const { names, notices } = buildSpec({ names: given });
    expect(names).toEqual(committedNames());
    expect(notices).toContain("GET /webapi/v2/apps/{app_id}: new method getApp");
    expect(notices).toContain(
      "GET /webapi/v2/gone: no longer in the spec; its name getGone leaves openapi/operation-names.json",
    );
  });
});
