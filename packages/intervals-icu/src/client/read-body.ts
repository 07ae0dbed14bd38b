import { IntervalsServerError } from "../errors/index.js";

/** The most bytes one answer may have unless `maxResponseBytes` says otherwise (a day-long activity's streams are ~10 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Statuses whose response may not carry a body. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * A fetch that has the whole body in hand before it returns, reading no more than `maxBytes`. Called inside
 * ky's attempt, so the attempt's time limit also bounds a body that trickles in; a body past the limit is
 * cancelled mid-stream instead of being held in memory.
 */
export function fetchWithWholeBody(
  fetchImpl: typeof globalThis.fetch,
  maxBytes: number,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const { body } = response;
    if (!body) return response;
    const request = input instanceof Request ? input : new Request(input, init);
    const overLimit = () =>
      new IntervalsServerError({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        reason: `sent an answer larger than this client's limit of ${maxBytes} bytes (maxResponseBytes)`,
      });
    if (Number(response.headers.get("content-length")) > maxBytes) {
      await body.cancel().catch(() => undefined);
      throw overLimit();
    }
    const parts: Uint8Array[] = [];
    let received = 0;
    const reader = body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw overLimit();
      }
      parts.push(value);
    }
    return new Response(NO_BODY.has(response.status) ? null : Buffer.concat(parts), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
