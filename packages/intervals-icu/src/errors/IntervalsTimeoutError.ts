import { describeRequest, IntervalsError, type IntervalsErrorDetails } from "./IntervalsError.js";

/**
 * No answer within a time limit: one attempt's `timeoutMs` (`limit: "attempt"`, after the retries ran out), or
 * the whole call's `totalTimeoutMs`, retries and waits included (`limit: "call"`).
 */
export class IntervalsTimeoutError extends IntervalsError {
  readonly kind = "timeout";
  readonly retryable = true;
  /** The time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  /** Which limit ran out: each attempt's (`timeoutMs`) or the whole call's (`totalTimeoutMs`). */
  readonly limit: "attempt" | "call";

  constructor(details: IntervalsErrorDetails & { timeoutMs: number; limit: "attempt" | "call" }) {
    const option = details.limit === "call" ? "totalTimeoutMs" : "timeoutMs";
    const scope = details.limit === "call" ? ", retries included" : "";
    super(
      `Intervals.icu did not answer ${describeRequest(details)} within ${details.timeoutMs} ms${scope}; try again, ask for a shorter date range, or raise ${option}.`,
      details,
    );
    this.timeoutMs = details.timeoutMs;
    this.limit = details.limit;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, limit: this.limit };
  }
}
