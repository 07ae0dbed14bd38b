import type { AfterResponseHook } from "ky";
import type { KyModule } from "./load-ky.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * The statuses whose `Retry-After` the clients honour: too many requests, and unavailable for a while. Leave them
 * out of ky's `retry.statusCodes` and set `afterStatusCodes: []`, so that ky reads no timing header of its own.
 */
export const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/**
 * An `afterResponse` hook that makes {@link parseRetryAfter} the one reader of `Retry-After`, so that the wait
 * slept and the choice to retry or to report come from the same parse. For a 429 or 503 whose method ky may
 * retry, while retries are left: with no (readable) `Retry-After` it retries on ky's usual backoff; with one of
 * at most `maxWaitMs` it retries after exactly that wait, the whole seconds the error would report; with a
 * longer one it does not retry, so the call ends with an error that carries the wait.
 * @param maxWaitMs the longest wait slept through, in milliseconds
 * @example hooks: { afterResponse: [retryAsAsked(await loadKy(), 60_000)] }
 */
export function retryAsAsked(ky: KyModule, maxWaitMs: number): AfterResponseHook {
  return ({ request, options, response, retryCount }) => {
    if (!RETRY_AFTER_STATUSES.includes(response.status)) return;
    if (retryCount >= options.retry.limit || !options.retry.methods.includes(request.method.toLowerCase()))
      return;
    const seconds = parseRetryAfter(response.headers.get("retry-after"));
    if (seconds !== undefined && seconds * 1000 > maxWaitMs) return;
    return ky.default.retry({
      code: String(response.status),
      ...(seconds !== undefined && { delay: seconds * 1000 }),
    });
  };
}
