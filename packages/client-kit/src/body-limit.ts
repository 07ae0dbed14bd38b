/** What a client needs to word the error for an answer over its size limit. */
export interface OversizedAnswer {
  /** HTTP method of the request, e.g. `GET`. */
  method: string;
  /** URL path of the request, without the query string. */
  path: string;
  status: number;
  /** The limit that was exceeded, in bytes. */
  maxBytes: number;
}

/** Statuses whose response may not carry a body. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * A fetch that has the whole body in hand before it returns, reading no more than `maxBytes`. Called inside
 * ky's attempt, the attempt's time limit also bounds a body that trickles in; a body past the limit is
 * cancelled as it streams in (or at once when `Content-Length` says so) instead of being held in memory, and
 * the error `tooLarge` makes is thrown.
 *
 * @example ky.create({ fetch: fetchWithBodyLimit(globalThis.fetch, 8 * 1024 * 1024, (answer) => new MyError(answer)) })
 */
export function fetchWithBodyLimit(
  fetchImpl: typeof globalThis.fetch,
  maxBytes: number,
  tooLarge: (answer: OversizedAnswer) => Error,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const { body } = response;
    if (!body) return response;
    const request = input instanceof Request ? input : new Request(input, init);
    const overLimit = () =>
      tooLarge({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        maxBytes,
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
