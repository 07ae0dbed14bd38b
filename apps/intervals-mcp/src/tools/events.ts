import { describeWorkout, type Event, plannedZoneTimes } from "@mcp-connectors/intervals-icu";
import { z } from "zod";
import { num, present, round, str, zoneSeconds } from "../format.js";

/** A calendar event as the event tools show it; `description` holds a workout's text. */
export function eventRow(event: Event) {
  return {
    id: event.id,
    date: event.start_date_local.slice(0, 10),
    category: event.category,
    name: present(event.name),
    sport: present(event.type),
    duration_s: present(event.moving_time),
    distance_m: round(event.distance, 0),
    load: round(event.icu_training_load, 0),
    description: present(event.description),
    completed_activity_id: present(event.paired_activity_id),
  };
}

/**
 * One event with its planned workout spelled out: the steps with their targets, one line each (repeats as
 * `3×` with their steps indented), and the planned time in each zone.
 */
export function eventDetail(event: Event) {
  const steps = describeWorkout(event.workout_doc);
  return {
    ...eventRow(event),
    intensity_pct: round(event.icu_intensity, 0),
    ftp_watts: round(event.icu_ftp, 0),
    steps: steps.length > 0 ? steps : undefined,
    zone_times_s: plannedZoneTimes(event.workout_doc),
  };
}

/** What `eventRow` returns. */
export const eventShape = z.looseObject({
  id: z.number(),
  date: z.string(),
  category: z.string(),
  name: str,
  sport: str,
  duration_s: num,
  distance_m: num,
  load: num,
  description: str.describe("workout text or note"),
  completed_activity_id: str,
});

/** What `eventDetail` returns. */
export const eventDetailShape = eventShape.extend({
  intensity_pct: num,
  ftp_watts: num,
  steps: z.array(z.string()).optional(),
  zone_times_s: zoneSeconds,
});
