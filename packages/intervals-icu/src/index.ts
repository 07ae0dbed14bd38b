export type { RequestEvent, RequestEventListener } from "@mcp-connectors/client-kit";
export {
  createIntervalsClient,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  type IntervalsClient,
  normalizeAthleteId,
} from "./client/create-client.js";
export type {
  AccessTokenClientOptions,
  ApiKeyClientOptions,
  IntervalsClientOptions,
  RequestOptions,
  RetryOptions,
} from "./client/options.js";
export type { RateLimitOptions, RequestLimiter } from "./client/rate-limiter.js";
export {
  type ClientStateStore,
  createSharedState,
  type SharedClientState,
  type SharedStateOptions,
} from "./client/shared-state.js";
export * from "./errors/index.js";
export type { ActivitiesResource, ActivityList, ActivityListQuery } from "./resources/activities.js";
export { type AthleteResource, type AthleteSettings, preferredPaceUnit } from "./resources/athlete.js";
export type {
  CurveQuery,
  CurvesResource,
  HeartRateCurveSet,
  PaceCurveSet,
  PowerCurveSet,
} from "./resources/curves.js";
export type { EventListQuery, EventsResource } from "./resources/events.js";
export type { GearResource } from "./resources/gear.js";
export type { SportSettingsResource } from "./resources/sport-settings.js";
export type { DateRange, WellnessResource } from "./resources/wellness.js";
export {
  type Activity,
  type ActivitySearchResult,
  activitySchema,
  isUnavailableActivity,
  type UnavailableActivity,
} from "./schemas/activity.js";
export { type Athlete, athleteSchema } from "./schemas/athlete.js";
export {
  type HeartRateCurve,
  heartRateCurveSchema,
  type PaceCurve,
  type PowerCurve,
  paceCurveSchema,
  powerCurveSchema,
} from "./schemas/curves.js";
export {
  type Event,
  type EventCategory,
  type EventInput,
  type EventReference,
  eventCategories,
  eventSchema,
} from "./schemas/events.js";
export { type Gear, gearSchema } from "./schemas/gear.js";
export {
  type ActivityIntervals,
  activityIntervalsSchema,
  type Interval,
  type IntervalGroup,
} from "./schemas/intervals.js";
export { type SkippedValue, skippedValues } from "./schemas/lenient.js";
export { type SportSettings, sportSettingsSchema } from "./schemas/sport-settings.js";
export { type ActivityStream, activityStreamSchema } from "./schemas/streams.js";
export { type Wellness, type WellnessUpdate, wellnessSchema } from "./schemas/wellness.js";
export * from "./training/index.js";
