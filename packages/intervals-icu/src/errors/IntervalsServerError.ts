import {
  apiMessageSuffix,
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/**
 * Intervals.icu or the CDN in front of it failed (HTTP 5xx, an HTML error page), or a response arrived
 * that is not the JSON the API documents.
 */
export class IntervalsServerError extends IntervalsError {
  readonly kind = "upstream_unavailable";
  readonly retryable = true;

  constructor(details: IntervalsErrorDetails & { reason?: string }) {
    const what = details.reason ?? "had a server error";
    super(
      `Intervals.icu ${what}${statusSuffix(details)} on ${describeRequest(details)}${apiMessageSuffix(details)}; try again in a minute.`,
      details,
    );
  }
}
