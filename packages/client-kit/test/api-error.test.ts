import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { ApiError, type ApiErrorKind } from "../src/api-error.js";

class ExampleRateLimitError extends ApiError {
  readonly kind: ApiErrorKind = "rate_limited";
  readonly retryable = true;
}

describe("ApiError", () => {
  test("carries the same facts under the same names, named after its class", () => {
    const error = new ExampleRateLimitError("Example is rate limiting requests; wait 7 seconds.", {
      status: 429,
      method: "GET",
      path: "/v1/things",
      retryAfterSeconds: 7,
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.name).toBe("ExampleRateLimitError");
    expect(error.toJSON()).toEqual({
      name: "ExampleRateLimitError",
      kind: "rate_limited",
      message: "Example is rate limiting requests; wait 7 seconds.",
      status: 429,
      method: "GET",
      path: "/v1/things",
      apiMessage: undefined,
      retryable: true,
      retryAfterSeconds: 7,
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ kind: "rate_limited", status: 429 });
  });

  test("keeps a cause for logs, and holds nothing but what it was given", () => {
    const cause = new Error("ECONNRESET");
    const error = new ExampleRateLimitError("message", { cause });
    expect(error.cause).toBe(cause);
    expect(Object.keys(error).sort()).toEqual(
      ["apiMessage", "kind", "method", "name", "path", "retryAfterSeconds", "retryable", "status"].sort(),
    );
    expect(inspect(error)).toContain("ExampleRateLimitError: message");
  });
});
