import { eventCategories } from "../../schemas/events.js";
import { addDays, isLocalDate, isLocalDateOrDateTime } from "../../training/dates.js";
import { intervalsRecord } from "../generate/activities.js";
import { curveSet } from "../generate/curves.js";
import { createRandom, seedFrom } from "../generate/random.js";
import { plannedSeconds } from "../generate/sessions.js";
import { sessionStreams } from "../generate/streams.js";
import type { FakeStore } from "../store.js";
import type { RouteName } from "./faults.js";

type Json = Record<string, unknown>;

/** An answer the API gives as `{status, error}` JSON. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
  ) {
    super(error);
  }
}

export interface RouteRequest {
  params: string[];
  query: URLSearchParams;
  body: unknown;
  store: FakeStore;
  seed: number;
  quirks: FakeQuirks;
  /** Serve the narrowest answers the API description allows (see `FakeIntervalsOptions.strict`). */
  strict: boolean;
}

/** Deliberate misbehaviours of the live API the fake can reproduce. */
export interface FakeQuirks {
  /** The activity list also returns the activity just before `oldest`, as some servers have been seen to. */
  activitiesOutsideWindow?: boolean;
  /** Wellness and event lists also return the stored day just before `oldest` and just after `newest`. */
  daysOutsideWindow?: boolean;
}

/** The window widened by the stored entries nearest outside it, for the `daysOutsideWindow` quirk. */
function widened(dates: readonly string[], oldest: string, newest: string): [string, string] {
  const before = dates
    .filter((date) => date < oldest)
    .sort()
    .at(-1);
  const after = dates.filter((date) => date > newest).sort()[0];
  return [before ?? oldest, after ?? newest];
}

export interface Route {
  name: RouteName;
  method: "GET" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  /** True when the first captured group is an athlete id that must belong to the key's owner. */
  athleteScoped: boolean;
  handle(request: RouteRequest): unknown;
}

const athlete = (rest: string) => new RegExp(`^/api/v1/athlete/([^/]+)${rest}$`);
const activity = (rest: string) => new RegExp(`^/api/v1/activity/([^/]+)${rest}$`);
const validStreamTypes = new Set([
  "time",
  "watts",
  "heartrate",
  "cadence",
  "distance",
  "altitude",
  "latlng",
  "velocity_smooth",
  "temp",
  "torque",
  "respiration",
  "smo2",
  "thb",
  "left_right_balance",
  "fixed_altitude",
  "stance_time",
  "vertical_oscillation",
  "step_length",
  "core_temperature",
  "grade_smooth",
  "moving",
]);

function requiredDate(query: URLSearchParams, name: string, fallback?: string): string {
  const value = query.get(name) ?? fallback;
  if (value === undefined) {
    throw new ApiFailure(
      422,
      `Required request parameter '${name}' for method parameter type String is not present`,
    );
  }
  if (!isLocalDateOrDateTime(value))
    throw new ApiFailure(422, `Invalid date '${value}' for parameter '${name}'`);
  return value.slice(0, 10);
}

/**
 * A record cut to the requested `fields`, nulls dropped, as the API documents it. The default fake also
 * keeps `id`, which the live API may or may not add (see API-ASSUMPTIONS.md); the strict fake does not.
 */
function onlyFields(record: Json, fields: string | null, strict: boolean): Json {
  if (!fields) return record;
  const requested = fields.split(",").map((field) => field.trim());
  const wanted = new Set(strict ? requested : ["id", ...requested]);
  return Object.fromEntries(
    Object.entries(record).filter(([key, value]) => wanted.has(key) && value !== null),
  );
}

function findActivity(store: FakeStore, id: string): Json {
  const found = store.activities.find((entry) => String(entry.id) === id);
  if (!found) throw new ApiFailure(404, "Activity not found");
  return found;
}

function refuseStrava(record: Json): void {
  if (record.source === "STRAVA") throw new ApiFailure(422, "Cannot read Strava activities via the API");
}

function findEvent(store: FakeStore, id: string): Json {
  const found = store.events.get(Number(id));
  if (!found) throw new ApiFailure(404, "Event not found");
  return found;
}

const categories = new Set<string>(eventCategories);

/** Validates and stores an event body the way POST/PUT do; returns the stored event. */
function saveEvent(store: FakeStore, body: unknown, existing?: Json): Json {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new ApiFailure(422, "Expected an event object");
  const input = body as Json;
  const merged: Json = { ...(existing ?? {}), ...input };
  if (typeof merged.category !== "string" || !categories.has(merged.category)) {
    throw new ApiFailure(422, `Invalid category: ${String(merged.category ?? "missing")}`);
  }
  if (typeof merged.start_date_local !== "string" || !isLocalDateOrDateTime(merged.start_date_local)) {
    throw new ApiFailure(422, "start_date_local is required (yyyy-MM-ddTHH:mm:ss)");
  }
  if (merged.start_date_local.length === 10) merged.start_date_local = `${merged.start_date_local}T00:00:00`;
  const id = existing ? Number(existing.id) : store.nextEventId++;
  const description = typeof merged.description === "string" ? merged.description : null;
  const stored: Json = {
    icu_training_load: null,
    type: null,
    name: null,
    description: null,
    indoor: false,
    color: null,
    moving_time: null,
    distance: null,
    external_id: null,
    workout_doc: null,
    tags: null,
    ...merged,
    id,
    athlete_id: store.profile.id,
    updated: new Date().toISOString(),
  };
  if (merged.category === "WORKOUT" && description && merged.moving_time == null) {
    const seconds = plannedSeconds(description);
    if (seconds > 0) stored.moving_time = seconds;
  }
  store.events.set(id, stored);
  return stored;
}

function curveRoute(name: RouteName, path: string, kind: "power" | "pace" | "hr"): Route {
  return {
    name,
    method: "GET",
    pattern: athlete(`/${path}(?:\\.json)?`),
    athleteScoped: true,
    handle: ({ query, store }) => {
      const type = query.get("type");
      if (!type) {
        throw new ApiFailure(
          422,
          "Required request parameter 'type' for method parameter type ActivityType is not present",
        );
      }
      const ids = (query.get("curves") ?? "90d").split(",").filter(Boolean);
      return curveSet(store, kind, type, ids);
    },
  };
}

export const routes: Route[] = [
  {
    name: "getAthlete",
    method: "GET",
    pattern: athlete(""),
    athleteScoped: true,
    handle: ({ store }) => store.athlete,
  },
  {
    name: "listActivities",
    method: "GET",
    pattern: athlete("/activities(?:\\.json)?"),
    athleteScoped: true,
    handle: ({ query, store, quirks, strict }) => {
      const oldest = requiredDate(query, "oldest");
      const newest = requiredDate(query, "newest", store.today);
      const limit = Number(query.get("limit") ?? Number.POSITIVE_INFINITY);
      const byDate = (entry: Json) => String(entry.start_date_local).slice(0, 10);
      const rows = store.activities.filter((entry) => byDate(entry) >= oldest && byDate(entry) <= newest);
      if (quirks.activitiesOutsideWindow) {
        const before = store.activities.filter((entry) => byDate(entry) < oldest).at(-1);
        if (before) rows.unshift(before);
      }
      return rows
        .reverse()
        .slice(0, limit)
        .map((entry) => onlyFields(entry, query.get("fields"), strict));
    },
  },
  {
    name: "searchActivities",
    method: "GET",
    pattern: athlete("/activities/search"),
    athleteScoped: true,
    handle: ({ query, store }) => {
      const text = (query.get("q") ?? "").toLowerCase();
      if (!text)
        throw new ApiFailure(
          422,
          "Required request parameter 'q' for method parameter type String is not present",
        );
      const limit = Number(query.get("limit") ?? 50);
      return store.activities
        .filter((entry) => entry.source !== "STRAVA" && String(entry.name).toLowerCase().includes(text))
        .reverse()
        .slice(0, limit)
        .map((entry) => ({
          id: entry.id,
          name: entry.name,
          start_date_local: entry.start_date_local,
          type: entry.type,
          race: entry.race,
          distance: entry.distance,
          moving_time: entry.moving_time,
          tags: entry.tags,
          description: entry.description,
        }));
    },
  },
  {
    name: "getActivity",
    method: "GET",
    pattern: activity(""),
    athleteScoped: false,
    handle: ({ params, query, store }) => {
      const found = findActivity(store, params[0] ?? "");
      const session = store.sessions.get(String(found.id));
      if (query.get("intervals") !== "true" || !session) return found;
      return {
        ...found,
        icu_intervals: intervalsRecord(String(found.id), session, store.profile).icu_intervals,
      };
    },
  },
  {
    name: "getActivityIntervals",
    method: "GET",
    pattern: activity("/intervals"),
    athleteScoped: false,
    handle: ({ params, store }) => {
      const found = findActivity(store, params[0] ?? "");
      refuseStrava(found);
      const stored = store.intervals.get(String(found.id));
      if (stored) return stored;
      const session = store.sessions.get(String(found.id));
      return session
        ? intervalsRecord(String(found.id), session, store.profile)
        : { id: found.id, icu_intervals: [], icu_groups: [] };
    },
  },
  {
    name: "getActivityStreams",
    method: "GET",
    pattern: activity("/streams(?:\\.json)?"),
    athleteScoped: false,
    handle: ({ params, query, store, seed }) => {
      const found = findActivity(store, params[0] ?? "");
      refuseStrava(found);
      const types = query.get("types")?.split(",").filter(Boolean);
      const invalid = types?.find((type) => !validStreamTypes.has(type));
      if (invalid) throw new ApiFailure(422, `Invalid stream type [${invalid}]`);
      const session = store.sessions.get(String(found.id));
      if (!session) return [];
      const streams = sessionStreams(session, store.profile, createRandom(seedFrom(String(found.id), seed)));
      return types ? streams.filter((stream) => types.includes(String(stream.type))) : streams;
    },
  },
  {
    name: "listWellness",
    method: "GET",
    pattern: athlete("/wellness(?:\\.json)?"),
    athleteScoped: true,
    handle: ({ query, store, strict, quirks }) => {
      const newest = requiredDate(query, "newest", store.today);
      const oldest = requiredDate(query, "oldest", addDays(newest, -6));
      const [from, to] = quirks.daysOutsideWindow
        ? widened([...store.wellness.keys()], oldest, newest)
        : [oldest, newest];
      return [...store.wellness.values()]
        .filter((record) => String(record.id) >= from && String(record.id) <= to)
        .sort((a, b) => String(a.id).localeCompare(String(b.id)))
        .map((record) => onlyFields(record, query.get("fields"), strict));
    },
  },
  {
    name: "getWellness",
    method: "GET",
    pattern: athlete("/wellness/([^/]+)"),
    athleteScoped: true,
    handle: ({ params, store }) => {
      const date = params[1] ?? "";
      if (!isLocalDate(date)) throw new ApiFailure(422, `Invalid date '${date}'`);
      return store.wellness.get(date) ?? { id: date };
    },
  },
  {
    name: "updateWellness",
    method: "PUT",
    pattern: athlete("/wellness/([^/]+)"),
    athleteScoped: true,
    handle: ({ params, body, store }) => {
      const date = params[1] ?? "";
      if (!isLocalDate(date)) throw new ApiFailure(422, `Invalid date '${date}'`);
      if (!body || typeof body !== "object" || Array.isArray(body))
        throw new ApiFailure(422, "Expected a wellness object");
      const record = {
        ...(store.wellness.get(date) ?? {}),
        ...(body as Json),
        id: date,
        updated: new Date().toISOString(),
      };
      store.wellness.set(date, record);
      return record;
    },
  },
  {
    name: "listEvents",
    method: "GET",
    pattern: athlete("/events(?:\\.json)?"),
    athleteScoped: true,
    handle: ({ query, store, quirks }) => {
      const oldest = requiredDate(query, "oldest", store.today);
      const newest = requiredDate(query, "newest", addDays(oldest, 6));
      const wanted = query.get("category")?.split(",").filter(Boolean);
      const limit = Number(query.get("limit") ?? Number.POSITIVE_INFINITY);
      const dayOf = (event: Json) => String(event.start_date_local).slice(0, 10);
      const [from, to] = quirks.daysOutsideWindow
        ? widened([...store.events.values()].map(dayOf), oldest, newest)
        : [oldest, newest];
      return [...store.events.values()]
        .filter((event) => {
          const date = dayOf(event);
          return date >= from && date <= to && (!wanted || wanted.includes(String(event.category)));
        })
        .sort((a, b) => String(a.start_date_local).localeCompare(String(b.start_date_local)))
        .slice(0, limit);
    },
  },
  {
    name: "deleteEvents",
    method: "PUT",
    pattern: athlete("/events/bulk-delete"),
    athleteScoped: true,
    handle: ({ body, store }) => {
      if (!Array.isArray(body)) throw new ApiFailure(422, "Expected a list of events");
      let eventsDeleted = 0;
      for (const reference of body as Json[]) {
        for (const [id, event] of store.events) {
          const matches =
            (reference.id !== undefined && Number(reference.id) === id) ||
            (reference.external_id !== undefined && reference.external_id === event.external_id);
          if (matches && store.events.delete(id)) eventsDeleted += 1;
        }
      }
      return { eventsDeleted };
    },
  },
  {
    name: "createEvents",
    method: "POST",
    pattern: athlete("/events/bulk"),
    athleteScoped: true,
    handle: ({ body, query, store }) => {
      if (!Array.isArray(body)) throw new ApiFailure(422, "Expected a list of events");
      const upsert = query.get("upsert") === "true";
      return (body as Json[]).map((input) => {
        const existing =
          upsert && typeof input.external_id === "string"
            ? [...store.events.values()].find((event) => event.external_id === input.external_id)
            : undefined;
        return saveEvent(store, input, existing);
      });
    },
  },
  {
    name: "getEvent",
    method: "GET",
    pattern: athlete("/events/([^/]+)"),
    athleteScoped: true,
    handle: ({ params, store }) => findEvent(store, params[1] ?? ""),
  },
  {
    name: "createEvent",
    method: "POST",
    pattern: athlete("/events"),
    athleteScoped: true,
    handle: ({ body, store }) => saveEvent(store, body),
  },
  {
    name: "updateEvent",
    method: "PUT",
    pattern: athlete("/events/([^/]+)"),
    athleteScoped: true,
    handle: ({ params, body, store }) => saveEvent(store, body, findEvent(store, params[1] ?? "")),
  },
  {
    name: "deleteEvent",
    method: "DELETE",
    pattern: athlete("/events/([^/]+)"),
    athleteScoped: true,
    handle: ({ params, store }) => {
      const event = findEvent(store, params[1] ?? "");
      store.events.delete(Number(event.id));
      return {};
    },
  },
  curveRoute("getPowerCurves", "power-curves", "power"),
  curveRoute("getPaceCurves", "pace-curves", "pace"),
  curveRoute("getHrCurves", "hr-curves", "hr"),
  {
    name: "listGear",
    method: "GET",
    pattern: athlete("/gear(?:\\.json)?"),
    athleteScoped: true,
    handle: ({ store }) => store.gear,
  },
  {
    name: "listSportSettings",
    method: "GET",
    pattern: athlete("/sport-settings"),
    athleteScoped: true,
    handle: ({ store }) => store.sportSettings,
  },
  {
    name: "getSportSettings",
    method: "GET",
    pattern: athlete("/sport-settings/([^/]+)"),
    athleteScoped: true,
    handle: ({ params, store }) => {
      const key = decodeURIComponent(params[1] ?? "");
      const found = store.sportSettings.find(
        (settings) => String(settings.id) === key || (settings.types as string[]).includes(key),
      );
      if (!found) throw new ApiFailure(404, "Sport settings not found");
      return found;
    },
  },
];

/** The route for a method and path, or whether the path exists under another method. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | "wrongMethod" | undefined {
  let pathExists = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      pathExists = true;
      continue;
    }
    return { route, params: match.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return pathExists ? "wrongMethod" : undefined;
}
