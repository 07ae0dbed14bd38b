import type { FakeAthleteProfile } from "./generate/profile.js";
import type { Session } from "./generate/sessions.js";

type Json = Record<string, unknown>;

/**
 * Everything the fake serves, in memory and open to tests: read it to check what a request changed, or
 * change it to set up a case. Records have the live API's shapes.
 */
export interface FakeStore {
  profile: FakeAthleteProfile;
  /** The athlete's local "today", `YYYY-MM-DD`. */
  today: string;
  /** The raw athlete object, including the `icu_api_key` field the live API sends. */
  athlete: Json;
  sportSettings: Json[];
  gear: Json[];
  /** Activities and Strava stubs, oldest first. */
  activities: Json[];
  /** Sessions behind activities, for intervals and streams (Strava stubs have none). */
  sessions: Map<string, Session>;
  /**
   * `GET /activity/{id}/intervals` answers to serve as they are, by activity id, instead of the ones made
   * from `sessions` (for example a real captured response).
   */
  intervals: Map<string, Json>;
  /** Wellness records by date. */
  wellness: Map<string, Json>;
  /** Calendar events by id. */
  events: Map<number, Json>;
  nextEventId: number;
}
