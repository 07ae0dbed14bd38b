export {
  type CurvePoint,
  curveAt,
  dateRangeCurveId,
  standardDistances,
  standardDurations,
} from "./curves.js";
export { addDays, datesBetween, isLocalDate, isLocalDateOrDateTime, localDate } from "./dates.js";
export { downsampleStreams, type SampledStream } from "./downsample.js";
export {
  ATL_DAYS,
  CTL_DAYS,
  type FitnessDay,
  type FitnessRecord,
  type FitnessState,
  type FitnessTrend,
  type FormZone,
  fitnessDays,
  fitnessTrend,
  form,
  formPercent,
  formZone,
  nextLoadAverage,
  projectFitness,
} from "./fitness.js";
export {
  formatDuration,
  formatPace,
  kmPerHour,
  secondsPer100m,
  secondsPerKm,
  secondsPerMile,
  speedFromSecondsPerKm,
  stepsPerMinute,
} from "./pace.js";
