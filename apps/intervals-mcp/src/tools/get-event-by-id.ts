import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { athleteId, eventId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { eventRow, eventShape } from "./events.js";

export const getEventById: IntervalsTool = (connection) =>
  defineTool({
    name: "get_event_by_id",
    title: "Calendar event",
    description: "One calendar event (planned workout, race, note) by id, with its workout text.",
    input: z.object({ event_id: eventId, athlete_id: athleteId }),
    output: eventShape,
    annotations: readAnnotations,
    handler: async ({ event_id, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      return eventRow(await session.client.events.get(event_id, { signal: session.signal }));
    },
  });
