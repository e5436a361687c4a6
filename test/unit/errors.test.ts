import { describe, expect, it } from "vitest";
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
} from "../../src/index.js";
import { errorClassFor, serverMessage } from "../../src/errors.js";
import { errorFromResponse } from "../../src/internal/error-factory.js";

const operation = { method: "GET", path: "/webapi/v2/apps/{app_id}", operationId: "getApp" };

describe("errorFromResponse", () => {
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
    const response = new Response(JSON.stringify({ errors: "app not found" }), { status, headers: { "x-request-id": "r1" } });
    const error = await errorFromResponse(response, operation, []);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(AlliError);
    expect(errorClassFor(status)).toBe(ErrorClass);
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
