import { type ActivityStream, downsampleStreams, isUnavailableActivity } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { num, round } from "../format.js";
import { activityId, athleteId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { unavailableResult, unavailableShape } from "./unavailable.js";

const defaultTypes = ["time", "watts", "heartrate", "cadence", "velocity_smooth", "altitude", "distance"];

const units: Record<string, string> = {
  time: "s",
  watts: "W",
  heartrate: "bpm",
  cadence: "rpm (runs: strides/min)",
  velocity_smooth: "m/s",
  altitude: "m",
  distance: "m",
  lat: "degrees",
  lng: "degrees",
  temp: "°C",
  grade_smooth: "%",
};

/**
 * Aligned streams as one row per sample (`{ time: 0, watts: 148, … }`), so a missing sample stays missing
 * in its own row instead of shifting a column. `latlng` becomes `lat` and `lng`.
 */
function sampleRows(streams: readonly ActivityStream[]): Record<string, number>[] {
  const length = Math.max(0, ...streams.map((stream) => stream.data.length));
  const rows = Array.from({ length }, () => ({}) as Record<string, number>);
  const put = (name: string, data: readonly (number | null)[] | null | undefined, digits: number) =>
    data?.forEach((value, index) => {
      const row = rows[index];
      if (value !== null && row) row[name] = round(value, digits) ?? value;
    });
  for (const stream of streams) {
    if (stream.type === "latlng") {
      put("lat", stream.data, 5);
      put("lng", stream.data2, 5);
    } else put(stream.type, stream.data, 2);
  }
  return rows;
}

export const getActivityStreams: IntervalsTool = (connection) =>
  defineTool({
    name: "get_activity_streams",
    title: "Activity streams",
    description:
      "An activity's recorded samples, one row each (time, watts, heartrate, cadence, velocity_smooth, altitude, distance, latlng…), thinned to max_points keeping peaks.",
    input: z.object({
      activity_id: activityId,
      types: z
        .array(z.string().regex(/^[a-z_0-9]{2,30}$/, "use stream type names like watts or heartrate"))
        .min(1)
        .max(12)
        .optional()
        .describe(`default ${defaultTypes.join(", ")}`),
      max_points: z.number().int().min(10).max(2000).default(120).describe("samples per stream"),
      athlete_id: athleteId,
    }),
    output: z.looseObject({
      id: z.string(),
      available: z.boolean(),
      ...unavailableShape,
      recorded_samples: num,
      samples: z.array(z.record(z.string(), z.number())).optional(),
      units: z.record(z.string(), z.string()).optional(),
    }),
    annotations: readAnnotations,
    handler: async ({ activity_id, types, max_points, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const streams = await session.client.activities.streams(
        activity_id,
        { types: types ?? defaultTypes },
        { signal: session.signal },
      );
      if (isUnavailableActivity(streams)) return unavailableResult(streams);
      const recorded = Math.max(0, ...streams.map((stream) => stream.data.length));
      const samples = sampleRows(downsampleStreams(streams, max_points));
      const names = [...new Set(samples.flatMap((row) => Object.keys(row)))];
      return {
        id: activity_id,
        available: true,
        recorded_samples: recorded,
        units: Object.fromEntries(names.map((name) => [name, units[name] ?? "as recorded"])),
        samples,
      };
    },
  });
