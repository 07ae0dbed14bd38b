import type { AnyToolDefinition } from "@mcp-connectors/tool-builder";
import type { Connection } from "../connection.js";
import { addOrUpdateEvent } from "./add-or-update-event.js";
import type { IntervalsTool } from "./define.js";
import { deleteEvent } from "./delete-event.js";
import { getActivities } from "./get-activities.js";
import { getActivityDetails } from "./get-activity-details.js";
import { getActivityIntervals } from "./get-activity-intervals.js";
import { getActivityStreams } from "./get-activity-streams.js";
import { getAthlete } from "./get-athlete.js";
import { getEventById } from "./get-event-by-id.js";
import { getEvents } from "./get-events.js";
import { getFitness } from "./get-fitness.js";
import { getHrCurves } from "./get-hr-curves.js";
import { getPaceCurves } from "./get-pace-curves.js";
import { getPowerCurves } from "./get-power-curves.js";
import { getWellnessData } from "./get-wellness-data.js";
import { updateWellness } from "./update-wellness.js";

const allTools: IntervalsTool[] = [
  getActivities,
  getActivityDetails,
  getActivityIntervals,
  getActivityStreams,
  getWellnessData,
  getFitness,
  getEvents,
  getEventById,
  getAthlete,
  getPowerCurves,
  getPaceCurves,
  getHrCurves,
  addOrUpdateEvent,
  updateWellness,
  deleteEvent,
];

/** Every tool of the server, each opening its Intervals.icu session through `connection`. */
export function createTools(connection: Connection): AnyToolDefinition[] {
  return allTools.map((tool) => tool(connection));
}
