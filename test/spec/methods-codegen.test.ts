/**
 * The generated method surface follows the spec with no hand edit, and the generator refuses the
 * specs it could not turn into unambiguous methods, naming the operation.
 */
import { describe, expect, it } from "vitest";
import { methodsSource } from "../../scripts/lib/methods-codegen.js";
import { spec } from "../helpers/spec.js";

const withOperation = (path: string, method: string, operation: object) => {
  const copy = structuredClone(spec);
  copy.paths[path] = { ...copy.paths[path], [method]: operation };
  return copy;
};
const ok = { "200": { description: "OK", content: { "application/json": { schema: { type: "object" } } } } };

describe("generated/methods.ts", () => {
  it("has one method per operation of the spec, named by its operationId", () => {
    const source = methodsSource(spec);
    for (const item of Object.values<Record<string, { operationId: string }>>(spec.paths)) {
      for (const operation of Object.values(item))
        expect(source).toMatch(new RegExp(`\\n  ${operation.operationId}[<(]`));
    }
  });

  it("documents each method with its summary, description, HTTP method and path", () => {
    const source = methodsSource(spec);
    expect(source).toContain("   * Chat Completions\n   *\n   * Direct LLM call without retrieval.");
    expect(source).toContain("   * `POST /webapi/v2/chat/completions`");
    expect(source).toContain("@param conversationId - Path parameter `conversation_id`");
  });

  it("gives a new page's operation its method with no hand edit: path parameters in path order", () => {
    const source = methodsSource(
      withOperation("/webapi/v2/folders/{folder_id}/files/{file_id}", "get", {
        operationId: "getFolderFile",
        summary: "Get a file of a folder",
        parameters: [
          { in: "path", name: "file_id", required: true, schema: { type: "string" } },
          { in: "path", name: "folder_id", required: true, schema: { type: "string" } },
          { in: "query", name: "expand", schema: { type: "boolean" } },
        ],
        responses: ok,
      }),
    );
    expect(source).toContain(
      'getFolderFile(folderId: PathParam<Operations["getFolderFile"], "folder_id">, fileId: PathParam<Operations["getFolderFile"], "file_id">, params?: MethodParams<Operations["getFolderFile"]>, options?: RequestOptions)',
    );
  });

  it("fails when a query parameter and a body field share a name", () => {
    const clash = withOperation("/webapi/v2/things", "post", {
      operationId: "createThing",
      parameters: [{ in: "query", name: "name", schema: { type: "string" } }],
      requestBody: {
        content: { "application/json": { schema: { type: "object", properties: { name: { type: "string" } } } } },
      },
      responses: ok,
    });
    expect(() => methodsSource(clash)).toThrow(
      "POST /webapi/v2/things (createThing): name is both a query parameter and a body field",
    );
  });

  it("sees a clash through an allOf body too", () => {
    const clash = withOperation("/webapi/v2/things", "post", {
      operationId: "createThing",
      parameters: [{ in: "query", name: "name", schema: { type: "string" } }],
      requestBody: {
        content: {
          "application/json": {
            schema: { allOf: [{ type: "object", properties: { name: { type: "string" } }, required: ["name"] }] },
          },
        },
      },
      responses: ok,
    });
    expect(() => methodsSource(clash)).toThrow("name is both a query parameter and a body field");
  });

  it("fails when a streaming trigger is not an enum (the sync signature could not exclude the streaming value)", () => {
    const loose = withOperation("/webapi/v2/things", "post", {
      operationId: "runThing",
      "x-alli-streaming": { trigger: { field: "mode", value: "stream" }, mediaTypes: ["text/event-stream"] },
      requestBody: {
        content: { "application/json": { schema: { type: "object", properties: { mode: { type: "string" } } } } },
      },
      responses: ok,
    });
    expect(() => methodsSource(loose)).toThrow("the streaming trigger mode is not an enum");
  });

  it("keeps the spec's text inert in JSDoc: no early end of the comment, no tag", () => {
    const source = methodsSource(
      withOperation("/webapi/v2/things", "get", {
        operationId: "getThing",
        summary: "Get */ a thing",
        description: "Line one\n@internal not a tag",
        responses: ok,
      }),
    );
    expect(source).toContain("   * Get *\\/ a thing");
    expect(source).toContain("   * \\@internal not a tag");
  });

  it.each(["paginate", "withOptions", "GET", "auditLogs", "baseUrl", "then", "constructor"])(
    "fails when an operationId would be the client's own %s",
    (id) => {
      const collision = withOperation("/webapi/v2/things", "get", { operationId: id, responses: ok });
      expect(() => methodsSource(collision)).toThrow(
        `GET /webapi/v2/things: operationId "${id}" would shadow the client's own member ${id}`,
      );
    },
  );

  it("fails on an operationId that cannot name a method, or one used twice", () => {
    expect(() =>
      methodsSource(withOperation("/webapi/v2/things", "get", { operationId: "get-things", responses: ok })),
    ).toThrow('operationId "get-things" cannot name a method');
    expect(() =>
      methodsSource(withOperation("/webapi/v2/things", "get", { operationId: "getProject", responses: ok })),
    ).toThrow('operationId "getProject" is used twice');
  });
});
