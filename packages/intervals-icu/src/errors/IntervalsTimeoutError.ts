import { describeRequest, IntervalsError, type IntervalsErrorDetails } from "./IntervalsError.js";

/** No response arrived within the client's `timeoutMs`. */
export class IntervalsTimeoutError extends IntervalsError {
  readonly kind = "timeout";
  readonly retryable = true;
  /** The time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(details: IntervalsErrorDetails & { timeoutMs: number }) {
    super(
      `Intervals.icu did not answer ${describeRequest(details)} within ${details.timeoutMs} ms; try again, ask for a shorter date range, or raise timeoutMs.`,
      details,
    );
    this.timeoutMs = details.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}
