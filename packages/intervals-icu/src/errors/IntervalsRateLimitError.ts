import {
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/** The API is throttling requests (HTTP 429) and the client's retries ran out or the wait was too long. */
export class IntervalsRateLimitError extends IntervalsError {
  readonly kind = "rate_limited";
  readonly retryable = true;
  /** Seconds the API asked to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(details: IntervalsErrorDetails & { retryAfterSeconds?: number | undefined }) {
    const wait =
      details.retryAfterSeconds === undefined ? "wait a little" : `wait ${details.retryAfterSeconds} seconds`;
    super(
      `Intervals.icu is rate limiting requests${statusSuffix(details)} to ${describeRequest(details)}; ${wait} and try again, sending no more than about 10 requests per second.`,
      details,
    );
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}
