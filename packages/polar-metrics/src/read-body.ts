import { PolarResponseError } from "./errors.js";

/** The most bytes one answer may have unless `maxResponseBytes` says otherwise; Polar's largest are ~1 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Statuses whose response may not carry a body. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * A fetch that reads each answer's whole body before returning it, stopping at `maxBytes`. Run inside ky's
 * attempt, the attempt's time limit covers a body that trickles in, and a body past the limit is cancelled
 * rather than held in memory.
 */
export function fetchWithWholeBody(
  fetchImpl: typeof globalThis.fetch,
  maxBytes: number,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (!response.body) return response;
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname.replace(/^\//, "");
    const tooLarge = () =>
      new PolarResponseError(
        `Polar answered ${path} with more than ${maxBytes} bytes, far more than any of its answers, so the client stopped reading; check that the base URL reaches Polar's API (maxResponseBytes sets the limit).`,
        response.status,
      );
    if (Number(response.headers.get("content-length")) > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge();
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(part.value);
    }
    const body = NO_BODY.has(response.status) ? null : Buffer.concat(chunks);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
