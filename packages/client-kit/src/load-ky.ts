import type * as Ky from "ky";

export type KyModule = typeof Ky;

let loading: Promise<KyModule> | undefined;

/**
 * ky, loaded with the first request rather than with the client: evaluating ky builds a `Request`, which makes
 * Node load its whole fetch implementation (tens of milliseconds), and a server that creates a client at start
 * lists its tools long before it sends any request.
 */
export function loadKy(): Promise<KyModule> {
  loading ??= import("ky");
  return loading;
}
