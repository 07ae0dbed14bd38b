// When the hook retries and with what delay; the waits themselves are measured over loopback in both clients'
// retry-after-wait tests.
import type { AfterResponseState } from "ky";
import { describe, expect, test } from "vitest";
import type { KyModule } from "../src/load-ky.js";
import { retryAsAsked } from "../src/retry-as-asked.js";
import { timeLimitHit } from "../src/time-limit.js";

/** ky with `retry` standing in for `ky.retry`: the options it was given. */
const ky = { default: { retry: (options: unknown) => ({ retry: options }) } } as unknown as KyModule;

function decide(status: number, retryAfter?: string, state: { method?: string; retryCount?: number } = {}) {
  const headers = new Headers(retryAfter === undefined ? {} : { "retry-after": retryAfter });
  return retryAsAsked(
    ky,
    60_000,
  )({
    request: new Request("http://api.test/x", { method: state.method ?? "GET" }),
    options: { retry: { limit: 2, methods: ["get", "put"] } },
    response: new Response(null, { status, headers }),
    retryCount: state.retryCount ?? 0,
  } as unknown as AfterResponseState);
}

describe("retryAsAsked", () => {
  test("a 429 or 503 asking for a wait within the limit is retried after that wait, in whole seconds", () => {
    expect(decide(429, "7")).toEqual({ retry: { code: "429", delay: 7000 } });
    const date = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000).toUTCString();
    const delay = (decide(503, date) as unknown as { retry: { delay: number } }).retry.delay;
    expect([29_000, 30_000]).toContain(delay);
  });

  test("without readable advice it is retried on the usual backoff (no delay of its own)", () => {
    expect(decide(429)).toEqual({ retry: { code: "429" } });
    expect(decide(503, "soon")).toEqual({ retry: { code: "503" } });
  });

  test("a longer wait, no retries left, a method not retried or another status: left to ky, which reports it", () => {
    expect(decide(429, "61")).toBeUndefined();
    expect(decide(429, "1", { retryCount: 2 })).toBeUndefined();
    expect(decide(429, "1", { method: "POST" })).toBeUndefined();
    expect(decide(500, "1")).toBeUndefined();
    expect(decide(200, "1")).toBeUndefined();
  });
});

test("timeLimitHit: the call's limit once that much time has passed, allowing a timer a few ms early", () => {
  expect(timeLimitHit(1499, 1500)).toBe("call");
  expect(timeLimitHit(1200, 1500)).toBe("attempt");
  expect(timeLimitHit(99_999, undefined)).toBe("attempt");
});
