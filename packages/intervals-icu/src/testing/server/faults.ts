/** Names of the routes the fake serves, for aiming faults and reading recorded requests. */
export const routeNames = [
  "getAthlete",
  "listActivities",
  "searchActivities",
  "getActivity",
  "getActivityIntervals",
  "getActivityStreams",
  "listWellness",
  "getWellness",
  "updateWellness",
  "listEvents",
  "getEvent",
  "createEvent",
  "createEvents",
  "updateEvent",
  "deleteEvent",
  "deleteEvents",
  "getPowerCurves",
  "getPaceCurves",
  "getHrCurves",
  "listGear",
  "listSportSettings",
  "getSportSettings",
] as const;

export type RouteName = (typeof routeNames)[number];

/** What a fault does to a request instead of (or before) the normal answer. */
export type FaultEffect =
  /** Answers with this status and the API's JSON error body `{status, error}`. */
  | { type: "status"; status: number; message?: string; retryAfter?: number | string }
  /** Answers with a CDN-style HTML error page (default status 502). */
  | { type: "html"; status?: number }
  /** Answers 200 with a truncated JSON body. */
  | { type: "malformedJson" }
  /** Waits, then answers normally. */
  | { type: "slow"; delayMs: number }
  /** Waits `delayMs` (default 0), then answers normally but sends the body in 20 parts, one every `intervalMs`. */
  | { type: "trickle"; intervalMs: number; delayMs?: number }
  /** Answers 200 with a JSON body of `bytes` bytes, sent in 64 KiB parts without a Content-Length. */
  | { type: "hugeBody"; bytes: number }
  /**
   * Destroys the connection without an answer. `after: "handling"` applies the request (e.g. stores the
   * event) first, the case where repeating a POST would create a duplicate.
   */
  | { type: "drop"; after?: "handling" };

/** A fault aimed at one route (or `"*"` for all), for the next `times` requests (default: until cleared). */
export type Fault = FaultEffect & { route: RouteName | "*"; times?: number };

const defaultMessages: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Access denied",
  404: "Not Found",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function defaultMessage(status: number): string {
  return defaultMessages[status] ?? "Error";
}

/** The faults in force, consumed one use at a time. */
export class FaultTable {
  #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push({ ...fault });
  }

  clear(): void {
    this.#faults = [];
  }

  /** The first fault for the route, counting this use of it. */
  take(route: RouteName | undefined): FaultEffect | undefined {
    const index = this.#faults.findIndex((fault) => fault.route === "*" || fault.route === route);
    const fault = this.#faults[index];
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.#faults.splice(index, 1);
    }
    return fault;
  }
}

export function htmlErrorPage(status: number): string {
  return `<!DOCTYPE html>
<html><head><title>${status} ${defaultMessage(status)} | intervals.icu</title></head>
<body><h1>Error ${status}</h1><p>The web server reported an error. Please try again in a few minutes.</p>
<p>Ray ID: 8f1e2d3c4b5a6978</p></body></html>`;
}
