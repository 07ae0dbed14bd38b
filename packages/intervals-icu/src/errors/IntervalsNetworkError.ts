import { describeRequest, IntervalsError, type IntervalsErrorDetails } from "./IntervalsError.js";

/** The request never got an HTTP response: DNS failure, refused or dropped connection, TLS failure. */
export class IntervalsNetworkError extends IntervalsError {
  readonly kind = "upstream_unavailable";
  readonly retryable = true;

  constructor(details: IntervalsErrorDetails) {
    const reason = details.cause ? ` (${details.cause.message})` : "";
    super(
      `Could not reach Intervals.icu for ${describeRequest(details)}${reason}; check the network connection and the base URL, then try again.`,
      details,
    );
  }
}
