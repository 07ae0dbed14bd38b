import {
  apiMessageSuffix,
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
} from "./IntervalsError.js";

/**
 * The API answered, but without a value the result cannot do without (an activity's `id`, an event's
 * start), or not in the documented shape at all. Values that are merely optional are left out instead (see
 * `skippedValues`). Repeating the request gives the same answer, so it is not retryable.
 */
export class IntervalsResponseError extends IntervalsError {
  readonly kind = "upstream_unavailable";
  readonly retryable = false;
  /** The field that was missing or malformed, e.g. `id` (row numbers left out); `(root)` for the whole body. */
  readonly field: string;

  constructor(details: IntervalsErrorDetails & { field: string }) {
    super(
      `Intervals.icu answered ${describeRequest(details)} without a usable "${details.field}"${apiMessageSuffix(details)}, which the result needs; the answer will be the same if repeated.`,
      details,
    );
    this.field = details.field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}
