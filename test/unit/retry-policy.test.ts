import { describe, expect, it } from "vitest";
import { backoffDelay, isRetryable, parseRateLimit, parseRetryAfter } from "../../src/core/retry-policy.js";

describe("isRetryable", () => {
  it.each([
    // method, status, idempotent, connection code, expected
    ["GET", 500, false, undefined, true],
    ["GET", 408, false, undefined, true],
    ["GET", 404, false, undefined, false],
    ["GET", 400, false, undefined, false],
    ["DELETE", 502, false, undefined, true],
    ["POST", 500, false, undefined, false],
    ["POST", 502, false, undefined, false],
    ["POST", 504, false, undefined, false],
    ["PATCH", 500, false, undefined, false],
    ["POST", 500, true, undefined, true],
    ["POST", 429, false, undefined, true],
    ["POST", 408, false, undefined, true],
    ["POST", 503, false, undefined, true],
    ["GET", undefined, false, "ECONNRESET", true],
    ["POST", undefined, false, "ECONNRESET", false],
    ["POST", undefined, false, "UND_ERR_SOCKET", false],
    ["POST", undefined, false, "ECONNREFUSED", true],
    ["POST", undefined, true, "ECONNRESET", true],
  ] as const)("%s %s (idempotent %s, %s) → %s", (method, status, idempotent, connectionCode, expected) => {
    expect(isRetryable({ method, status, idempotent, connectionCode })).toBe(expected);
  });
});

describe("backoffDelay", () => {
  it("doubles from 0.5 s, caps at 8 s, and jitters down by at most a quarter", () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffDelay(1, () => 1)).toBe(375);
    expect(backoffDelay(5, () => 1)).toBe(6000);
  });
});

describe("parseRetryAfter", () => {
  const at = Date.UTC(2026, 0, 1, 0, 0, 0);
  it.each([
    [{ "retry-after": "2" }, 2000],
    [{ "retry-after": "0.5" }, 500],
    [{ "retry-after": "120" }, 120_000],
    [{ "retry-after": "Thu, 01 Jan 2026 00:01:30 GMT" }, 90_000],
    [{ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }, 0],
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
    [{ "retry-after": "soon" }, undefined],
    // Not seconds and not a full HTTP date: the backoff decides (Date.parse reads these as 2001).
    [{ "retry-after": "-5" }, undefined],
    [{ "retry-after": "-1" }, undefined],
    [{ "retry-after": "5, 10" }, undefined],
    [{ "retry-after": "2026-01-01" }, undefined],
    [{ "retry-after-ms": "-3" }, undefined],
    [{ "retry-after": "Sat, 31 Feb 2026 00:00:00 GMT" }, undefined],
    [{ "retry-after": "Thursday, 01-Jan-26 00:00:30 GMT" }, 30_000],
    [{ "retry-after": "Thu Jan  1 00:00:45 2026" }, 45_000],
    [{}, undefined],
  ])("%j → %s ms", (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), at)).toBe(expected);
  });
});

describe("parseRateLimit", () => {
  it("reads x-ratelimit-* and IETF ratelimit-* headers, and nothing when absent", () => {
    expect(
      parseRateLimit(
        new Headers({ "x-ratelimit-limit": "100", "x-ratelimit-remaining": "3", "x-ratelimit-reset": "12" }),
      ),
    ).toEqual({ limit: 100, remaining: 3, reset: 12 });
    expect(parseRateLimit(new Headers({ "ratelimit-remaining": "0" }))).toEqual({ remaining: 0 });
    expect(parseRateLimit(new Headers({ "x-ratelimit-limit": "lots" }))).toBeUndefined();
    expect(parseRateLimit(new Headers())).toBeUndefined();
  });
});
