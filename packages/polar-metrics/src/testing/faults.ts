/** The fake's routes, as fault keys. `*` applies to every route. */
export type FakeRoute = "metrics" | "limits" | "products" | "*";

/** A failure the fake injects instead of (or before) its normal answer. `times` limits how many requests it hits (default: all). */
export type FakeFault =
  | {
      type: "status";
      status: 401 | 403 | 404 | 422 | 429 | 500 | 502 | 503;
      /** Sent as `Retry-After`: delay-seconds, or an HTTP date (`new Date(…).toUTCString()`). */
      retryAfter?: number | string;
      times?: number;
    }
  | { type: "html"; status?: number; times?: number }
  | { type: "malformed-json"; times?: number }
  | { type: "slow"; delayMs: number; times?: number }
  | { type: "drop"; times?: number }
  /** Sends the headers at once, then the normal body in 20 parts, one every `intervalMs`. */
  | { type: "trickle"; intervalMs: number; times?: number }
  /** Answers 200 with a JSON body of `bytes` bytes, sent in 64 KiB parts without a Content-Length. */
  | { type: "huge-body"; bytes: number; times?: number }
  /** Products only: the normal page, but `pagination.max_page` says `maxPage` (pages past the data are empty). */
  | { type: "max-page"; maxPage: number; times?: number };

export type FakeFaults = Partial<Record<FakeRoute, FakeFault>>;

const STATUS_BODIES: Record<number, { error: string; detail: unknown }> = {
  401: {
    error: "invalid_token",
    detail: "The access token provided is expired, revoked, malformed, or invalid.",
  },
  403: { error: "insufficient_scope", detail: "The access token does not have the required scope." },
  404: { error: "ResourceNotFound", detail: "Not found" },
  422: {
    error: "RequestValidationError",
    detail: [{ loc: ["query"], msg: "Injected validation failure", type: "value_error", input: null }],
  },
  429: { error: "TooManyRequests", detail: "Rate limit exceeded." },
  500: { error: "InternalServerError", detail: "Internal Server Error" },
  502: { error: "BadGateway", detail: "Bad Gateway" },
  503: { error: "ServiceUnavailable", detail: "Service Unavailable" },
};

export function statusBody(status: number) {
  return STATUS_BODIES[status] ?? { error: "Error", detail: `HTTP ${status}` };
}
