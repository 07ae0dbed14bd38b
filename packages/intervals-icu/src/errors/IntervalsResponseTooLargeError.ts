import { describeRequest, IntervalsError, type IntervalsErrorDetails } from "./IntervalsError.js";

/**
 * An answer was longer than the client's `maxResponseBytes`, so it stopped reading it. The same request gets
 * the same answer, so it is not retryable: ask for less (a shorter date window, fewer streams or fields).
 */
export class IntervalsResponseTooLargeError extends IntervalsError {
  readonly kind = "upstream_unavailable";
  readonly retryable = false;
  /** The limit that was exceeded, in bytes. */
  readonly maxBytes: number;

  constructor(details: IntervalsErrorDetails & { maxBytes: number }) {
    super(
      `Intervals.icu answered ${describeRequest(details)} with more than this client's limit of ${details.maxBytes} bytes (maxResponseBytes), so it stopped reading; ask for a shorter date window or fewer streams or fields.`,
      details,
    );
    this.maxBytes = details.maxBytes;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxBytes: this.maxBytes };
  }
}
