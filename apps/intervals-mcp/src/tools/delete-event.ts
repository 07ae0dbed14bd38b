import { IntervalsNotFoundError } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { athleteId, eventId } from "../schemas.js";
import type { IntervalsTool } from "./define.js";
import { eventRow, eventShape } from "./events.js";

export const deleteEvent: IntervalsTool = (connection) =>
  defineTool({
    name: "delete_event",
    title: "Delete a calendar event",
    description: "Deletes one calendar event (planned workout, race, note) and returns what was deleted.",
    input: z.object({ event_id: eventId, athlete_id: athleteId }),
    output: z.object({ deleted: eventShape }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    handler: async ({ event_id, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const options = { signal: session.signal };
      // Read it first, so the answer says what was deleted and a wrong id fails before anything changes.
      const event = await session.client.events.get(event_id, options);
      // Just read, so a 404 means it is gone: the answer to a delete was lost and its retry found nothing.
      await session.client.events.delete(event_id, options).catch((error: unknown) => {
        if (!(error instanceof IntervalsNotFoundError)) throw error;
      });
      return { deleted: eventRow(event) };
    },
  });
