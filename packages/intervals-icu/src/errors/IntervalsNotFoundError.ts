import {
  apiMessageSuffix,
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/** Nothing exists at the requested path (HTTP 404), usually a wrong or deleted id. */
export class IntervalsNotFoundError extends IntervalsError {
  readonly kind = "not_found";
  readonly retryable = false;

  constructor(details: IntervalsErrorDetails) {
    super(
      `Intervals.icu found nothing${statusSuffix(details)} at ${describeRequest(details)}${apiMessageSuffix(details)}; check the id, which may belong to another athlete or have been deleted.`,
      details,
    );
  }
}
