import type { FakeAthleteProfile } from "./profile.js";
import type { Random } from "./random.js";
import { intensityFactor, type Segment, type Session, trainingLoad } from "./sessions.js";

type Json = Record<string, unknown>;

/** Speed in m/s at a fraction of threshold for a sport. */
export function speedAt(session: Session["sport"], intensity: number, profile: FakeAthleteProfile): number {
  if (session === "Run") return (1000 / profile.thresholdPaceSecsPerKm) * intensity;
  if (session === "Swim") return 1.15 * intensity;
  return 5 + 6.5 * intensity;
}

/** Heart rate in bpm a steady effort at a fraction of threshold settles at. */
export function heartRateAt(intensity: number, profile: FakeAthleteProfile): number {
  return Math.min(profile.maxHr - 2, Math.round(profile.lthr * (0.62 + 0.38 * intensity)));
}

const isRide = (sport: Session["sport"]) => sport === "Ride" || sport === "VirtualRide";

/** The activity record the API would return for a completed session. */
export function activityRecord(options: {
  id: string;
  session: Session;
  startLocal: string;
  startUtc: string;
  profile: FakeAthleteProfile;
  gearId: string | null;
  random: Random;
}): Json {
  const { session, profile, random } = options;
  const movingTime = session.segments.reduce((sum, segment) => sum + segment.secs, 0);
  const distance = session.segments.reduce(
    (sum, segment) => sum + segment.secs * speedAt(session.sport, segment.intensity, profile),
    0,
  );
  const intensity = intensityFactor(session.segments);
  const averageIntensity = session.segments.reduce((sum, s) => sum + s.secs * s.intensity, 0) / movingTime;
  const ride = isRide(session.sport);
  const hrAverage = heartRateAt(averageIntensity, profile);
  const zoneTimes = hrZoneTimes(session.segments, profile);
  return {
    id: options.id,
    start_date_local: options.startLocal,
    type: session.sport,
    icu_ignore_time: false,
    icu_training_load: trainingLoad(session.segments),
    icu_atl: null,
    icu_ctl: null,
    paired_event_id: null,
    icu_ftp: ride ? profile.ftp : null,
    icu_recording_time: movingTime + 5,
    elapsed_time: movingTime + random.int(0, 300),
    icu_weighted_avg_watts: ride ? Math.round(profile.ftp * intensity) : null,
    name: session.name,
    description: null,
    start_date: options.startUtc,
    distance: round(distance, 2),
    icu_distance: round(distance, 2),
    moving_time: movingTime,
    coasting_time: ride ? Math.round(movingTime * 0.06) : 0,
    total_elevation_gain: session.sport === "Swim" ? 0 : round((distance / 1000) * random.between(3, 12), 1),
    timezone: profile.timezone,
    trainer: session.sport === "VirtualRide",
    sub_type: null,
    commute: false,
    race: false,
    max_speed: round(speedAt(session.sport, 1.3, profile), 3),
    average_speed: round(distance / movingTime, 3),
    device_watts: ride,
    has_heartrate: true,
    max_heartrate: Math.min(profile.maxHr, hrAverage + random.int(8, 20)),
    average_heartrate: hrAverage,
    average_cadence: ride
      ? round(88 + random.noise(4), 2)
      : session.sport === "Run"
        ? round(84 + random.noise(2), 2)
        : 28,
    calories: Math.round((movingTime / 3600) * (ride ? profile.ftp * averageIntensity * 3.6 : 700)),
    average_temp: session.sport === "Swim" ? null : random.int(8, 24),
    gap: session.sport === "Run" ? round(distance / movingTime + 0.03, 3) : null,
    gap_model: session.sport === "Run" ? "STRAVA_RUN" : null,
    gear: options.gearId ? { id: options.gearId, name: null, distance: null, primary: null } : null,
    perceived_exertion: null,
    device_name: session.sport === "VirtualRide" ? "Zwift" : "Garmin Forerunner 965",
    power_meter: null,
    file_type: "fit",
    icu_athlete_id: profile.id,
    created: `${options.startUtc.slice(0, 10)}T20:00:00.000+00:00`,
    analyzed: `${options.startUtc.slice(0, 10)}T20:00:01.000+00:00`,
    threshold_pace: session.sport === "Run" ? round(1000 / profile.thresholdPaceSecsPerKm, 4) : null,
    icu_hr_zones: hrZones(profile),
    icu_power_zones: ride ? [55, 75, 90, 105, 120, 150, 999] : null,
    lthr: profile.lthr,
    icu_resting_hr: profile.restingHr,
    icu_weight: profile.weight,
    trimp: round((movingTime / 60) * averageIntensity * 1.6, 3),
    icu_hr_zone_times: zoneTimes,
    icu_zone_times: ride ? powerZoneTimes(session.segments) : null,
    icu_average_watts: ride ? Math.round(profile.ftp * averageIntensity) : null,
    icu_intensity: round(intensity * 100, 5),
    icu_variability_index: ride ? round(intensity / averageIntensity, 3) : null,
    icu_efficiency_factor: ride ? round((profile.ftp * intensity) / hrAverage, 3) : null,
    decoupling: round(random.between(-1, 6), 2),
    icu_rpe: random.chance(0.6)
      ? Math.min(10, Math.max(1, Math.round(intensity * 8 + random.noise(1))))
      : null,
    feel: random.chance(0.5) ? random.int(1, 4) : null,
    interval_summary: [],
    stream_types: streamTypes(session.sport),
    source: "GARMIN_CONNECT",
    oauth_client_name: null,
    pace: round(distance / movingTime, 4),
    athlete_max_hr: profile.maxHr,
    SWOLF: session.sport === "Swim" ? round(38 + random.noise(3), 3) : "Infinity",
    average_stride: session.sport === "Run" ? round(distance / movingTime / (84 / 60) / 2, 3) : null,
    pool_length: session.sport === "Swim" ? 25 : null,
    tags: null,
  };
}

/** Streams the API lists for an activity of this sport. */
export function streamTypes(sport: Session["sport"]): string[] {
  if (sport === "Swim") return ["time", "heartrate", "distance", "velocity_smooth", "cadence"];
  const common = ["time", "heartrate", "cadence", "distance", "altitude", "velocity_smooth"];
  if (sport === "VirtualRide") return [...common, "watts"];
  if (sport === "Ride") return [...common, "watts", "latlng"];
  return [...common, "latlng"];
}

/** Heart-rate zone upper bounds in bpm, from LTHR. */
export function hrZones(profile: FakeAthleteProfile): number[] {
  return [0.81, 0.89, 0.93, 0.99, 1.02, 1.06]
    .map((share) => Math.round(profile.lthr * share))
    .concat(profile.maxHr);
}

function hrZoneTimes(segments: readonly Segment[], profile: FakeAthleteProfile): number[] {
  const zones = hrZones(profile);
  const times = zones.map(() => 0);
  for (const segment of segments) {
    const hr = heartRateAt(segment.intensity, profile);
    const zone = Math.max(
      0,
      zones.findIndex((top) => hr <= top),
    );
    times[zone] = (times[zone] ?? 0) + segment.secs;
  }
  return times;
}

function powerZoneTimes(segments: readonly Segment[]): Json[] {
  const tops = [0.55, 0.75, 0.9, 1.05, 1.2, 1.5, 10];
  const secs = tops.map(() => 0);
  for (const segment of segments) {
    const zone = tops.findIndex((top) => segment.intensity <= top);
    secs[zone] = (secs[zone] ?? 0) + segment.secs;
  }
  return [
    ...tops.map((_, index) => ({ id: `Z${index + 1}`, secs: secs[index] ?? 0 })),
    { id: "SS", secs: 0 },
  ];
}

/** `GET /activity/{id}/intervals` for a session: one interval per segment, groups of equal work reps. */
export function intervalsRecord(activityId: string, session: Session, profile: FakeAthleteProfile): Json {
  let start = 0;
  const ride = isRide(session.sport);
  const intervals = session.segments.map((segment, index) => {
    const speed = speedAt(session.sport, segment.intensity, profile);
    const watts = ride ? Math.round(profile.ftp * segment.intensity) : null;
    const hr = heartRateAt(segment.intensity, profile);
    const groupId = segment.kind === "WORK" ? `${segment.secs}s@${watts ?? hr}${watts ? "w" : "bpm"}` : null;
    const interval = {
      start_index: start,
      end_index: start + segment.secs,
      start_time: start,
      end_time: start + segment.secs,
      id: index + 1,
      type: segment.kind === "WORK" || segment.kind === "STEADY" ? "WORK" : "RECOVERY",
      label: segment.label,
      group_id: groupId,
      distance: round(speed * segment.secs, 2),
      moving_time: segment.secs,
      elapsed_time: segment.secs,
      average_watts: watts,
      weighted_average_watts: watts === null ? null : Math.round(watts * 1.02),
      max_watts: watts === null ? null : Math.round(watts * 1.25),
      intensity: Math.round(segment.intensity * 100),
      training_load: round((segment.secs / 3600) * segment.intensity ** 2 * 100, 2),
      zone: null,
      average_heartrate: hr,
      max_heartrate: hr + 6,
      average_cadence: ride ? 90 : session.sport === "Run" ? 85 : 28,
      average_speed: round(speed, 4),
      max_speed: round(speed * 1.15, 3),
      gap: session.sport === "Run" ? round(speed + 0.02, 4) : null,
      total_elevation_gain: null,
      average_gradient: 0,
      decoupling: null,
      wbal_start: ride ? 20000 : null,
      wbal_end: ride
        ? Math.round(20000 - Math.max(0, (segment.intensity - 1) * profile.ftp * segment.secs))
        : null,
      SWOLF: session.sport === "Swim" ? 38 : "Infinity",
    };
    start += segment.secs;
    return interval;
  });
  const groups = new Map<string, Json[]>();
  for (const interval of intervals) {
    if (!interval.group_id) continue;
    groups.set(interval.group_id, [...(groups.get(interval.group_id) ?? []), interval]);
  }
  return {
    id: activityId,
    analyzed: null,
    icu_intervals: intervals,
    icu_groups: [...groups.entries()].map(([id, members]) => ({
      id,
      count: members.length,
      start_index: members[0]?.start_index,
      moving_time: members.reduce((sum, m) => sum + Number(m.moving_time), 0),
      elapsed_time: members.reduce((sum, m) => sum + Number(m.elapsed_time), 0),
      distance: members.reduce((sum, m) => sum + Number(m.distance), 0),
      average_watts: members[0]?.average_watts ?? null,
      average_heartrate: members[0]?.average_heartrate ?? null,
      average_cadence: members[0]?.average_cadence ?? null,
      average_speed: members[0]?.average_speed ?? null,
      intensity: members[0]?.intensity ?? null,
    })),
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
