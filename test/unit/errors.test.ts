import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AlliError,
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  createAlliClient,
} from "../../src/index.js";
import { serverMessage } from "../../src/errors/errors.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

const operation = { method: "GET", path: "/webapi/v2/apps/{app_id}", operationId: "getApp" };

/** Answers each request with the status its `x-status` header names, and no reason phrase. */
let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    res.writeHead(Number(req.headers["x-status"]), "", { "content-type": "application/json", "x-request-id": "r1" });
    res.end(JSON.stringify({ errors: "app not found" }));
  });
});
afterAll(() => server.close());

describe("the error of a non-2xx answer", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ] as const)("maps %i to %s, an AlliError carrying status, operation and message", async (status, ErrorClass) => {
    const alli = createAlliClient({
      apiKey: "k",
      baseUrl: server.url,
      maxRetries: 0,
      headers: { "x-status": String(status) },
    });
    const error = (await alli.getApp("app_1").catch((e: unknown) => e)) as APIError;
    expect(error.constructor).toBe(ErrorClass);
    expect(error).toBeInstanceOf(AlliError);
    expect(error).toMatchObject({ status, operation, requestId: "r1", name: ErrorClass.name });
    expect(error.message).toBe(`${status} from GET /webapi/v2/apps/{app_id} (getApp): app not found`);
  });

  it("recognises errors across copies of the SDK with AlliError.is", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("alli-sdk.error")]: true });
    expect(AlliError.is(foreign)).toBe(true);
    expect(AlliError.is(new Error("x"))).toBe(false);
    expect(AlliError.is(new NotFoundError("gone"))).toBe(true);
  });
});

describe("serverMessage", () => {
  it.each([
    [{ message: "bad input" }, "bad input"],
    [{ detail: "Not found" }, "Not found"],
    [{ errors: "rate limit exceeded" }, "rate limit exceeded"],
    [{ errors: ["a", "b"] }, "a; b"],
    [{ error: { message: "nested" } }, "nested"],
    [{ detail: [{ msg: "field required" }] }, "field required"],
    ["plain text failure", "plain text failure"],
    [{ errors: null }, undefined],
    [undefined, undefined],
  ])("%j → %s", (body, expected) => {
    expect(serverMessage(body)).toBe(expected);
  });
});
