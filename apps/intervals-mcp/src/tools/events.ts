import type { Event } from "@mcp-connectors/intervals-icu";
import { z } from "zod";
import { present, round } from "../format.js";

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

export const eventShape = z.looseObject({ id: z.number(), date: z.string(), category: z.string() });
