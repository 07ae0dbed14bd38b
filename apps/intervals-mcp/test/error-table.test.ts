// Every kind of client error becomes the tool error of the same kind, with one sentence of its own.
import {
  IntervalsAuthenticationError,
  type IntervalsError,
  IntervalsNetworkError,
  IntervalsNotFoundError,
  IntervalsPermissionError,
  IntervalsRateLimitError,
  IntervalsResponseError,
  IntervalsResponseTooLargeError,
  IntervalsServerError,
  IntervalsTimeoutError,
  IntervalsValidationError,
} from "@mcp-connectors/intervals-icu";
import { type ToolError, ToolError as ToolErrorClass } from "@mcp-connectors/tool-builder";
import { describe, expect, test } from "vitest";
import { errorMapper } from "../src/errors.js";

const request = { method: "GET", path: "/api/v1/athlete/0/activities" };
const errors: IntervalsError[] = [
  new IntervalsAuthenticationError({ ...request, status: 401 }),
  new IntervalsPermissionError({ ...request, status: 403, apiMessage: "Access denied" }),
  new IntervalsNotFoundError({ ...request, status: 404 }),
  new IntervalsValidationError({ ...request, status: 422, apiMessage: "Invalid date" }),
  new IntervalsRateLimitError({ ...request, status: 429, retryAfterSeconds: 42 }),
  new IntervalsServerError({ ...request, status: 503 }),
  new IntervalsResponseError({ ...request, status: 200, field: "id" }),
  new IntervalsResponseTooLargeError({ ...request, status: 200, maxBytes: 1000 }),
  new IntervalsNetworkError({ ...request, cause: new Error("ECONNRESET") }),
  new IntervalsTimeoutError({ ...request, timeoutMs: 1000, limit: "attempt" }),
];

const map = (error: unknown, signIn = false) =>
  errorMapper({ signIn })(error, { credentialFrom: "server" }) as ToolError;

describe("the client's kinds map one-to-one onto the tool errors", () => {
  test("every kind the client has is covered", () => {
    expect(new Set(errors.map((error) => error.kind))).toEqual(
      new Set([
        "authentication",
        "permission",
        "not_found",
        "invalid_input",
        "rate_limited",
        "upstream_unavailable",
        "timeout",
      ]),
    );
  });

  test.each(errors.map((error) => [error.name, error] as const))("%s keeps its kind", (_name, error) => {
    const mapped = map(error);
    expect(mapped).toBeInstanceOf(ToolErrorClass);
    expect(mapped.kind).toBe(error.kind);
    expect(mapped.message.split(/[.!?](\s|$)/).filter((part) => part.trim().length > 1)).toHaveLength(1);
  });

  test("a rate limit carries the wait the API asked for", () => {
    const mapped = map(errors[4]);
    expect(mapped.retryAfterSeconds).toBe(42);
    expect(mapped.message).toBe("Intervals.icu is rate limiting requests: wait 42 seconds and try again.");
  });

  test("a refused key is worded for where the key came from", () => {
    const [refused] = errors;
    expect(map(refused).message).toMatch(/^Intervals\.icu rejected the API key: check INTERVALS_API_KEY/);
    expect(map(refused, true).message).toMatch(/reconnect the connector to sign in again\.$/);
    expect(errorMapper()(refused, { credentialFrom: "request" })?.message).toMatch(/x-intervals-api-key/);
  });

  test("what is not the client's is left to the tool-builder", () => {
    expect(map(new Error("boom"))).toBeUndefined();
  });
});
