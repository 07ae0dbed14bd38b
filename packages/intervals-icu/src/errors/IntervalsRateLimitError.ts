import {
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/**
 * The API is throttling requests (HTTP 429) and the client's retries ran out or the wait it asked for
 * (`retryAfterSeconds`, from `Retry-After` as seconds or as a date) was longer than `retry.maxRetryAfterMs`.
 */
export class IntervalsRateLimitError extends IntervalsError {
  readonly kind = "rate_limited";
  readonly retryable = true;

  constructor(details: IntervalsErrorDetails) {
    const wait =
      details.retryAfterSeconds === undefined ? "wait a little" : `wait ${details.retryAfterSeconds} seconds`;
    super(
      `Intervals.icu is rate limiting requests${statusSuffix(details)} to ${describeRequest(details)}; ${wait} and try again, sending no more than about 10 requests per second.`,
      details,
    );
  }
}
