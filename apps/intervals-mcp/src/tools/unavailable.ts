import type { UnavailableActivity } from "@mcp-connectors/intervals-icu";
import { str } from "../format.js";

/** What a tool returns for a Strava-synced activity, whose data the API withholds. */
export function unavailableResult(activity: UnavailableActivity) {
  return {
    id: activity.id,
    available: false,
    start: activity.start_date_local?.slice(0, 16),
    source: activity.source,
    note: "This activity was synced from Strava, and Strava does not allow Intervals.icu to share it through the API; sync the device to Intervals.icu directly or upload the original file to read it here.",
  };
}

/** The fields `unavailableResult` adds to a tool's output; `start` is local, YYYY-MM-DDTHH:MM. */
export const unavailableShape = { start: str, source: str, note: str };
