export { type Answer, parseAnswer, type SchemaOutput, type StandardSchema } from "./answer.js";
export { ApiError, type ApiErrorDetails, type ApiErrorKind } from "./api-error.js";
export { fetchWithBodyLimit, type OversizedAnswer } from "./body-limit.js";
export {
  addDays,
  addMonths,
  type CalendarDate,
  datesBetween,
  daysBetween,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  isCalendarDate,
  isMonthEnd,
  isTimeZone,
  localDate,
  localHour,
  monthsSpanned,
  startOfIsoWeek,
  startOfMonth,
  startOfQuarter,
  startOfYear,
} from "./calendar.js";
export { type KyModule, loadKy } from "./load-ky.js";
export {
  type LimiterClock,
  type RequestLimiter,
  TokenBucket,
  type TokenBucketOptions,
} from "./rate-limiter.js";
export {
  attemptFailure,
  emitter,
  type RequestEvent,
  type RequestEventListener,
  waitForTurn,
} from "./request-events.js";
export { parseHttpDate, parseRetryAfter } from "./retry-after.js";
export { RETRY_AFTER_STATUSES, retryAsAsked } from "./retry-as-asked.js";
export { timeLimitHit } from "./time-limit.js";
