// Every kind of client error becomes the tool error of the same kind, with one sentence of its own.
import {
  PolarAuthError,
  type PolarError,
  PolarInputError,
  PolarNetworkError,
  PolarNotFoundError,
  PolarRateLimitError,
  PolarResponseError,
  PolarResponseTooLargeError,
  PolarScopeError,
  PolarServerError,
  PolarTimeoutError,
  PolarValidationError,
  QueryError,
} from "@mcp-connectors/polar-metrics";
import { InvalidInputError, type ToolError, ToolError as ToolErrorClass } from "@mcp-connectors/tool-builder";
import { describe, expect, test } from "vitest";
import { errorMapper, SIGN_IN_AGAIN, TOKEN_SETUP } from "../src/errors.js";

const request = { method: "GET", path: "/v1/metrics/" };
const errors: PolarError[] = [
  new PolarAuthError("Polar rejected the access token (401 invalid).", { ...request, status: 401 }),
  new PolarScopeError("products:read", "The access token lacks the scope products:read.", { status: 403 }),
  new PolarNotFoundError("Polar found nothing at v1/metrics/ (404 Not found).", { ...request, status: 404 }),
  new PolarValidationError("Polar rejected the request to v1/metrics/ (422): bad.", [], { status: 422 }),
  new PolarInputError("The end date is before the start date."),
  new PolarRateLimitError("Polar's rate limit was hit. Wait 42 seconds before trying again.", {
    status: 429,
    retryAfterSeconds: 42,
  }),
  new PolarServerError("Polar failed with 503 on v1/metrics/ after retries. Try again later.", {
    status: 503,
  }),
  new PolarResponseError("Polar answered v1/metrics/ with an unexpected shape at totals: bad.", "totals"),
  new PolarResponseTooLargeError("Polar answered /v1/metrics/ with more than 10 bytes.", 10),
  new PolarNetworkError("Could not reach Polar at http://x (v1/metrics/): ECONNRESET. Check the network."),
  new PolarTimeoutError("Polar did not answer v1/metrics/ within 1000 ms.", {
    timeoutMs: 1000,
    limit: "attempt",
  }),
];

const map = (error: unknown, signIn = false) =>
  errorMapper({ signIn })(error, { credentialFrom: "server" }) as ToolError;

describe("the client's kinds map one-to-one onto the tool errors", () => {
  test("each error keeps its kind, and the errors above cover all seven", () => {
    const kinds = errors.map((error) => {
      const mapped = map(error);
      expect(mapped, error.name).toBeInstanceOf(ToolErrorClass);
      expect(mapped.kind, error.name).toBe(error.kind);
      return mapped.kind;
    });
    expect([...new Set(kinds)].sort()).toEqual([
      "authentication",
      "invalid_input",
      "not_found",
      "permission",
      "rate_limited",
      "timeout",
      "upstream_unavailable",
    ]);
  });

  test("the server words the time limit and the token for its own user, without rewriting the client's text", () => {
    expect(map(errors.at(-1)).message).toBe(
      "Polar did not answer within 1000 ms. Try again, or ask for a shorter range; POLAR_TIMEOUT_SECONDS raises the limit.",
    );
    expect(map(errors[0]).message).toBe(`Polar rejected the access token (401 invalid). ${TOKEN_SETUP}`);
    expect(map(errors[0], true).message).toBe(SIGN_IN_AGAIN);
    expect(map(errors[1]).message).toMatch(/^The Polar token lacks the scope products:read; create a token/);
  });

  test("a rate limit carries the wait the API asked for", () => {
    expect(map(errors[5]).retryAfterSeconds).toBe(42);
  });

  test("a refused query names its argument", () => {
    const mapped = map(new QueryError("Unknown column foo.", "SELECT revenue FROM metrics"));
    expect(mapped).toBeInstanceOf(InvalidInputError);
    expect(mapped).toMatchObject({ kind: "invalid_input", field: "query" });
  });

  test("what is not the client's is left to the tool-builder", () => {
    expect(map(new Error("boom"))).toBeUndefined();
  });
});
