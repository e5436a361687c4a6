/**
 * The package's public values are the client and its errors; everything else it exports is a
 * type. An internal helper, a default constant or the generated metadata is not a promise made
 * to users, so it is not exported.
 */
import { expect, it } from "vitest";
import * as sdk from "../../src/index.js";

it("exports createAlliClient and the error classes, and no other value", () => {
  expect(Object.keys(sdk).sort()).toEqual(
    [
      "createAlliClient",
      "AlliError",
      "APIError",
      "BadRequestError",
      "AuthenticationError",
      "PermissionDeniedError",
      "NotFoundError",
      "ConflictError",
      "UnprocessableEntityError",
      "RateLimitError",
      "InternalServerError",
      "ReportedError",
      "APIConnectionError",
      "APITimeoutError",
      "APIUserAbortError",
      "InvalidInputError",
      "TruncatedDownloadError",
      "StreamInterruptedError",
    ].sort(),
  );
});

it("every exported class is an AlliError", () => {
  for (const [name, value] of Object.entries(sdk)) {
    if (name === "createAlliClient") continue;
    expect(value === sdk.AlliError || (value as { prototype: unknown }).prototype instanceof sdk.AlliError).toBe(true);
  }
});
