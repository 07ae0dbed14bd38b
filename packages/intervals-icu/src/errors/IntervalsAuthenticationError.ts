import {
  apiMessageSuffix,
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/** The API did not accept the credentials (HTTP 401). */
export class IntervalsAuthenticationError extends IntervalsError {
  readonly kind = "authentication";
  readonly retryable = false;

  constructor(details: IntervalsErrorDetails) {
    super(
      `Intervals.icu rejected the credentials${statusSuffix(details)} for ${describeRequest(details)}${apiMessageSuffix(details)}; check the API key (Settings → Developer Settings in Intervals.icu) or the OAuth access token.`,
      details,
    );
  }
}
