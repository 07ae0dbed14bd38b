export { IntervalsAuthenticationError } from "./IntervalsAuthenticationError.js";
export { IntervalsError, type IntervalsErrorDetails, type IntervalsErrorKind } from "./IntervalsError.js";
export { IntervalsNetworkError } from "./IntervalsNetworkError.js";
export { IntervalsNotFoundError } from "./IntervalsNotFoundError.js";
export { IntervalsPermissionError } from "./IntervalsPermissionError.js";
export { IntervalsRateLimitError } from "./IntervalsRateLimitError.js";
export { IntervalsServerError } from "./IntervalsServerError.js";
export { IntervalsTimeoutError } from "./IntervalsTimeoutError.js";
export { IntervalsValidationError } from "./IntervalsValidationError.js";
