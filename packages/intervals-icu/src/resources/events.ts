import { z } from "zod";
import type { RequestOptions } from "../client/request-options.js";
import {
  deleteEventsResponseSchema,
  type Event,
  type EventCategory,
  type EventInput,
  type EventReference,
  eventSchema,
} from "../schemas/events.js";
import { carrySkippedValues } from "../schemas/lenient.js";
import { type ResourceContext, requireId, requireLocalDate } from "./context.js";

/** Which events `events.list` returns. Without dates the API returns today and the next 6 days. */
export interface EventListQuery {
  /** First day, `YYYY-MM-DD` (athlete-local). */
  oldest?: string;
  /** Last day, `YYYY-MM-DD` (athlete-local), included. */
  newest?: string;
  /** Only these categories. */
  category?: EventCategory | readonly EventCategory[];
  limit?: number;
}

export interface EventsResource {
  /** Calendar events (planned workouts, races, notes, …) in the window, in date order; others are dropped. */
  list(query?: EventListQuery, options?: RequestOptions): Promise<Event[]>;
  /** One event by its numeric id. */
  get(eventId: number | string, options?: RequestOptions): Promise<Event>;
  /** Creates an event. Never retried, so a flaky network cannot create it twice; prefer `upsert`. */
  create(event: EventInput, options?: RequestOptions): Promise<Event>;
  /** Creates the event, or updates the one with the same `external_id`; safe to repeat, so retried. */
  upsert(event: EventInput & { external_id: string }, options?: RequestOptions): Promise<Event>;
  /** Creates several events; with `upsert` (every event needs an `external_id`) it is retried safely. */
  createMany(
    events: readonly EventInput[],
    query?: { upsert?: boolean },
    options?: RequestOptions,
  ): Promise<Event[]>;
  /** Changes the given fields of an event and returns it. */
  update(eventId: number | string, changes: Partial<EventInput>, options?: RequestOptions): Promise<Event>;
  /** Deletes one event. */
  delete(eventId: number | string, options?: RequestOptions): Promise<void>;
  /** Deletes events by id or `external_id`; returns how many were deleted. */
  deleteMany(events: readonly EventReference[], options?: RequestOptions): Promise<number>;
}

/** The API wants a date-time; an all-day event starts at local midnight. */
function withTime(start: string): string {
  requireLocalDate(start, "start_date_local");
  return start.length === 10 ? `${start}T00:00:00` : start;
}

function toBody<E extends Partial<EventInput>>(event: E): E {
  return event.start_date_local === undefined
    ? event
    : { ...event, start_date_local: withTime(event.start_date_local) };
}

export function createEventsResource({ transport, athletePath }: ResourceContext): EventsResource {
  const createMany: EventsResource["createMany"] = async (events, query = {}, options = {}) => {
    const upsert = query.upsert === true;
    if (upsert && events.some((event) => !event.external_id)) {
      throw new TypeError("events.createMany with upsert needs an external_id on every event.");
    }
    return transport.send({
      method: "POST",
      path: `${athletePath}/events/bulk`,
      searchParams: { upsert: upsert ? true : undefined },
      json: events.map(toBody),
      schema: z.array(eventSchema),
      repeatable: upsert,
      signal: options.signal,
    });
  };

  return {
    async list(query = {}, options = {}) {
      const categories = typeof query.category === "string" ? [query.category] : query.category;
      const events = await transport.send({
        method: "GET",
        path: `${athletePath}/events.json`,
        searchParams: {
          oldest: query.oldest === undefined ? undefined : requireLocalDate(query.oldest, "oldest"),
          newest: query.newest === undefined ? undefined : requireLocalDate(query.newest, "newest"),
          category: categories?.join(","),
          limit: query.limit,
        },
        schema: z.array(eventSchema),
        signal: options.signal,
      });
      // Kept to the window here too: nothing documents that the server never sends a day outside it.
      const day = (event: Event) => event.start_date_local.slice(0, 10);
      const inWindow = events.filter(
        (event) =>
          (query.oldest === undefined || day(event) >= query.oldest.slice(0, 10)) &&
          (query.newest === undefined || day(event) <= query.newest.slice(0, 10)),
      );
      carrySkippedValues(inWindow, events);
      return inWindow.sort((a, b) => a.start_date_local.localeCompare(b.start_date_local));
    },
    get: async (eventId, options = {}) =>
      transport.send({
        method: "GET",
        path: `${athletePath}/events/${requireId(eventId, "eventId")}`,
        schema: eventSchema,
        signal: options.signal,
      }),
    create: async (event, options = {}) =>
      transport.send({
        method: "POST",
        path: `${athletePath}/events`,
        json: toBody(event),
        schema: eventSchema,
        signal: options.signal,
      }),
    async upsert(event, options = {}) {
      const [stored] = await createMany([event], { upsert: true }, options);
      if (!stored) throw new TypeError("The API answered an event upsert with an empty list.");
      return stored;
    },
    createMany,
    update: async (eventId, changes, options = {}) =>
      transport.send({
        method: "PUT",
        path: `${athletePath}/events/${requireId(eventId, "eventId")}`,
        json: toBody(changes),
        schema: eventSchema,
        signal: options.signal,
      }),
    async delete(eventId, options = {}) {
      await transport.send({
        method: "DELETE",
        path: `${athletePath}/events/${requireId(eventId, "eventId")}`,
        schema: z.unknown(),
        signal: options.signal,
      });
    },
    async deleteMany(events, options = {}) {
      const result = await transport.send({
        method: "PUT",
        path: `${athletePath}/events/bulk-delete`,
        json: events,
        schema: deleteEventsResponseSchema,
        signal: options.signal,
      });
      return result.eventsDeleted ?? 0;
    },
  };
}
