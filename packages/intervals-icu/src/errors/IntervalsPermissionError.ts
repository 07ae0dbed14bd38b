import {
  apiMessageSuffix,
  describeRequest,
  IntervalsError,
  type IntervalsErrorDetails,
  statusSuffix,
} from "./IntervalsError.js";

/**
 * The API refused access (HTTP 403): a personal API key sent as a Bearer token, an athlete who has not
 * shared their data with you, an OAuth token without the needed scope, or a CDN challenge page.
 */
export class IntervalsPermissionError extends IntervalsError {
  readonly kind = "permission";
  readonly retryable = false;

  constructor(details: IntervalsErrorDetails) {
    super(
      `Intervals.icu denied access${statusSuffix(details)} to ${describeRequest(details)}${apiMessageSuffix(details)}; send a personal API key with Basic auth (not Bearer), check the athlete id, and check the OAuth token's scopes.`,
      details,
    );
  }
}
