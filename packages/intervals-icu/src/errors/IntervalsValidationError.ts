import {
  apiMessageSuffix,
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/** The API rejected the request's parameters or body (HTTP 400, 422 and other 4xx); see `apiMessage`. */
export class IntervalsValidationError extends IntervalsError {
  readonly kind = "invalid_input";
  readonly retryable = false;

  constructor(details: IntervalsErrorDetails) {
    super(
      `Intervals.icu rejected ${describeRequest(details)}${statusSuffix(details)}${apiMessageSuffix(details)}; fix the request's parameters before trying again.`,
      details,
    );
  }
}
