import { addDays, datesBetween, localDate } from "../../training/dates.js";
import { nextLoadAverage } from "../../training/fitness.js";
import type { FakeStore } from "../store.js";
import { activityRecord, hrZones, round } from "./activities.js";
import type { FakeAthleteProfile } from "./profile.js";
import { createRandom, type Random } from "./random.js";
import { type Session, sessionFor, trainingLoad, workoutDoc, workoutText } from "./sessions.js";

type Json = Record<string, unknown>;

export interface GenerateOptions {
  seed: number;
  days: number;
  today: string | undefined;
  profile: FakeAthleteProfile;
  apiKey: string;
}

/** Builds a deterministic athlete: history of sessions, wellness, calendar, gear and settings. */
export function generateAthleteData(options: GenerateOptions): FakeStore {
  const { profile } = options;
  const random = createRandom(options.seed);
  const today = options.today ?? localDate(new Date(), profile.timezone);
  const first = addDays(today, -(options.days - 1));
  const store: FakeStore = {
    profile,
    today,
    athlete: {},
    sportSettings: sportSettings(profile),
    gear: [],
    activities: [],
    sessions: new Map(),
    intervals: new Map(),
    wellness: new Map(),
    events: new Map(),
    nextEventId: 90_000_001,
  };
  store.gear = gear(profile);
  store.athlete = athlete(profile, options.apiKey, store.sportSettings);

  const loads = new Map<string, number>();
  let sequence = 0;
  const stravaDays = new Set([addDays(today, -3), addDays(today, -40)]);
  for (const date of datesBetween(first, today)) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const weekIndex = Math.floor(datesBetween(first, date).length / 7);
    const volume = weekIndex % 4 === 3 ? 0.65 : 0.9 + 0.05 * (weekIndex % 4);
    const session = random.chance(0.08) ? undefined : sessionFor(weekday, volume, random);
    if (!session) continue;
    sequence += 1;
    const startHour = session.sport === "Ride" ? 9 : session.sport === "Swim" ? 7 : 18;
    const startLocal = `${date}T${String(startHour).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}:00`;
    const load = trainingLoad(session.segments);
    loads.set(date, (loads.get(date) ?? 0) + load);
    if (stravaDays.has(date)) {
      store.activities.push({
        id: String(16_358_453_000 + sequence),
        icu_athlete_id: profile.id,
        start_date_local: startLocal,
        source: "STRAVA",
        _note: "STRAVA activities are not available via the API",
      });
      continue;
    }
    const id = `i${80_000_000 + sequence * 37}`;
    store.sessions.set(id, session);
    store.activities.push(
      activityRecord({
        id,
        session,
        startLocal,
        startUtc: toUtc(startLocal, profile.timezone),
        profile,
        gearId: gearFor(session),
        random,
      }),
    );
  }

  let ctl = profile.startCtl;
  let atl = profile.startAtl;
  const history: number[] = [];
  for (const date of datesBetween(first, today)) {
    const load = loads.get(date) ?? 0;
    ctl = nextLoadAverage(ctl, load, 42);
    atl = nextLoadAverage(atl, load, 7);
    history.push(ctl);
    const weekAgo = history.length > 7 ? (history[history.length - 8] ?? ctl) : profile.startCtl;
    store.wellness.set(date, wellnessDay(date, { ctl, atl, load, rampRate: ctl - weekAgo }, profile, random));
    for (const activity of store.activities) {
      if (String(activity.start_date_local).startsWith(date) && activity.source !== "STRAVA") {
        activity.icu_ctl = round(ctl, 5);
        activity.icu_atl = round(atl, 5);
      }
    }
  }

  addCalendar(store, random);
  return store;
}

/** Planned workouts for the past fortnight (paired) and the next three weeks, notes and races. */
function addCalendar(store: FakeStore, random: Random): void {
  const { today } = store;
  const add = (event: Json) => {
    const id = store.nextEventId++;
    store.events.set(id, {
      id,
      icu_training_load: null,
      icu_atl: null,
      icu_ctl: null,
      type: null,
      calendar_id: 1,
      uid: null,
      athlete_id: store.profile.id,
      end_date_local: null,
      description: null,
      indoor: false,
      color: null,
      moving_time: null,
      icu_ftp: null,
      updated: `${today}T06:00:00.000+00:00`,
      workout_doc: null,
      distance: null,
      tags: null,
      external_id: null,
      icu_intensity: null,
      ...event,
    });
    return id;
  };
  const planned = (date: string, session: Session) =>
    add({
      start_date_local: `${date}T00:00:00`,
      category: "WORKOUT",
      name: session.name,
      type: session.sport,
      description: workoutText(session),
      workout_doc: workoutDoc(session),
      moving_time: session.segments.reduce((sum, segment) => sum + segment.secs, 0),
      icu_training_load: trainingLoad(session.segments),
      indoor: session.sport === "VirtualRide",
      icu_ftp: store.profile.ftp,
    });
  for (const activity of store.activities) {
    const date = String(activity.start_date_local).slice(0, 10);
    const session = store.sessions.get(String(activity.id));
    if (date < addDays(today, -14) || !session || !session.repeat) continue;
    activity.paired_event_id = planned(date, session);
  }
  for (const date of datesBetween(addDays(today, 1), addDays(today, 21))) {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const session = sessionFor(weekday, 1, random);
    if (session) planned(date, session);
  }
  add({
    start_date_local: `${addDays(today, 2)}T00:00:00`,
    category: "NOTE",
    name: "Work trip",
    description: "Hotel gym only, keep it short.",
  });
  add({
    start_date_local: `${addDays(today, -5)}T00:00:00`,
    category: "NOTE",
    name: "Felt flat",
    description: "Poor sleep this week.",
  });
  add({
    start_date_local: `${addDays(today, 20)}T00:00:00`,
    category: "RACE_B",
    name: "Local 10k",
    type: "Run",
    distance: 10_000,
  });
  add({
    start_date_local: `${addDays(today, 45)}T00:00:00`,
    category: "RACE_A",
    name: "Spring Classic 120 km",
    type: "Ride",
    distance: 120_000,
    moving_time: 14_400,
  });
}

function wellnessDay(
  date: string,
  load: { ctl: number; atl: number; load: number; rampRate: number },
  profile: FakeAthleteProfile,
  random: Random,
): Json {
  const strain = Math.max(0, load.atl - load.ctl);
  const scale = () =>
    random.chance(0.7) ? Math.min(4, Math.max(1, Math.round(1.5 + strain / 15 + random.noise(1)))) : null;
  return {
    id: date,
    ctl: round(load.ctl, 5),
    atl: round(load.atl, 5),
    rampRate: round(load.rampRate, 5),
    ctlLoad: load.load,
    atlLoad: load.load,
    sportInfo: [
      { type: "Ride", eftp: round(profile.ftp * (0.97 + random.next() * 0.04), 3) },
      { type: "Run", eftp: null },
    ],
    updated: `${date}T07:15:00.000+00:00`,
    weight: round(profile.weight + random.noise(0.6), 1),
    restingHR: Math.round(profile.restingHr + strain / 8 + random.noise(2)),
    hrv: round(68 - strain / 2 + random.noise(6), 1),
    hrvSDNN: null,
    menstrualPhase: null,
    kcalConsumed: null,
    sleepSecs: Math.round(random.between(6.3, 8.6) * 3600),
    sleepScore: Math.round(random.between(62, 92)),
    sleepQuality: random.chance(0.6) ? random.int(1, 3) : null,
    avgSleepingHR: Math.round(profile.restingHr + 3 + random.noise(2)),
    soreness: scale(),
    fatigue: scale(),
    stress: random.chance(0.4) ? random.int(1, 3) : null,
    mood: scale(),
    motivation: scale(),
    injury: null,
    spO2: null,
    systolic: null,
    diastolic: null,
    hydration: null,
    hydrationVolume: null,
    readiness: null,
    bodyFat: null,
    vo2max: 54,
    comments: random.chance(0.05) ? "Legs heavy after the weekend." : null,
    steps: random.int(4_000, 14_000),
    respiration: null,
    locked: null,
  };
}

function sportSettings(profile: FakeAthleteProfile): Json[] {
  const common = {
    athlete_id: profile.id,
    warmup_time: 600,
    cooldown_time: 600,
    lthr: profile.lthr,
    max_hr: profile.maxHr,
  };
  return [
    {
      ...common,
      id: 1_001,
      types: ["Ride", "VirtualRide", "GravelRide", "MountainBikeRide"],
      ftp: profile.ftp,
      indoor_ftp: profile.ftp - 5,
      w_prime: 18_000,
      p_max: profile.ftp * 4,
      power_zones: [55, 75, 90, 105, 120, 150, 999],
      power_zone_names: [
        "Active Recovery",
        "Endurance",
        "Tempo",
        "Threshold",
        "VO2 Max",
        "Anaerobic",
        "Neuromuscular",
      ],
      sweet_spot_min: 84,
      sweet_spot_max: 97,
      hr_zones: hrZones(profile),
      hr_zone_names: [
        "Recovery",
        "Aerobic",
        "Tempo",
        "SubThreshold",
        "SuperThreshold",
        "Aerobic Capacity",
        "Anaerobic",
      ],
      threshold_pace: null,
      pace_units: null,
      pace_zones: null,
      eFTPSupported: true,
    },
    {
      ...common,
      id: 1_002,
      types: ["Run", "VirtualRun", "TrailRun"],
      ftp: null,
      indoor_ftp: null,
      hr_zones: hrZones(profile),
      hr_zone_names: [
        "Recovery",
        "Aerobic",
        "Tempo",
        "SubThreshold",
        "SuperThreshold",
        "Aerobic Capacity",
        "Anaerobic",
      ],
      threshold_pace: round(1000 / profile.thresholdPaceSecsPerKm, 5),
      pace_units: "MINS_KM",
      pace_zones: [77.5, 87.7, 94.3, 100, 103.4, 111.5, 999],
      pace_zone_names: ["Zone 1", "Zone 2", "Zone 3", "Zone 4", "Zone 5a", "Zone 5b", "Zone 5c"],
      gap_model: "STRAVA_RUN",
      sft_type: "PACE",
      eFTPSupported: false,
    },
    {
      ...common,
      id: 1_003,
      types: ["Swim", "OpenWaterSwim"],
      ftp: null,
      threshold_pace: 1.25,
      pace_units: "SECS_100M",
      pace_zones: [80, 90, 95, 100, 105, 999],
      hr_zones: hrZones(profile),
    },
  ];
}

function gear(profile: FakeAthleteProfile): Json[] {
  const item = (id: string, type: string, name: string, distance: number) => ({
    id,
    athlete_id: profile.id,
    type,
    name,
    purchased: "2023-03-01T00:00:00",
    notes: null,
    distance,
    time: Math.round(distance / 8),
    activities: Math.round(distance / 40_000),
    use_elapsed_time: false,
    retired: null,
    component_ids: null,
    reminders: [],
    activity_filters: null,
    component: false,
  });
  return [
    item("b1001", "Bike", "Canyon Endurace", 8_412_000),
    item("b1002", "Bike", "Indoor trainer bike", 2_140_000),
    item("s2001", "Shoes", "Daily trainers", 612_000),
    item("s2002", "Shoes", "Race flats", 84_000),
  ];
}

function gearFor(session: Session): string | null {
  if (session.sport === "Ride") return "b1001";
  if (session.sport === "VirtualRide") return "b1002";
  if (session.sport === "Run") return "s2001";
  return null;
}

function athlete(profile: FakeAthleteProfile, apiKey: string, settings: Json[]): Json {
  return {
    id: profile.id,
    name: `${profile.firstname} ${profile.lastname}`,
    firstname: profile.firstname,
    lastname: profile.lastname,
    profile_medium: null,
    sex: "M",
    city: "Amsterdam",
    state: null,
    country: "Netherlands",
    timezone: profile.timezone,
    locale: "en",
    measurement_preference: "meters",
    weight: profile.weight,
    icu_weight: profile.weight,
    icu_resting_hr: profile.restingHr,
    icu_date_of_birth: "1988-04-12",
    icu_api_key: apiKey,
    icu_friend_invite_token: "invite-token-not-for-clients",
    icu_type_settings: [],
    icu_form_as_percent: false,
    plan: "premium",
    sportSettings: settings,
  };
}

/** A local wall-clock time in a zone as a UTC instant, `YYYY-MM-DDTHH:MM:SSZ`. */
function toUtc(local: string, timeZone: string): string {
  const guess = new Date(`${local}Z`);
  const shown = new Date(
    `${new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "medium" })
      .format(guess)
      .replace(" ", "T")}Z`,
  );
  const offset = shown.getTime() - guess.getTime();
  return new Date(guess.getTime() - offset).toISOString().replace(".000Z", "Z");
}
