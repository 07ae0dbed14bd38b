import { type Activity, isUnavailableActivity, preferredPaceUnit } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import type { Session } from "../connection.js";
import { cadenceFields, notes, present, round, skippedNote, speedForSport, unitsLegend } from "../format.js";
import { activityId, athleteId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";
import { unavailableResult } from "./unavailable.js";

/** Seconds spent in each zone, keyed `Z1`…; the API sends power zones by id and HR zones by position. */
function zoneTimes(activity: Activity) {
  const power = activity.icu_zone_times?.filter((zone) => /^Z\d$/.test(zone.id) && zone.secs);
  const hr = activity.icu_hr_zone_times;
  return {
    power_zones_s: power?.length ? Object.fromEntries(power.map((zone) => [zone.id, zone.secs])) : undefined,
    hr_zones_s: hr?.some(Boolean)
      ? Object.fromEntries(hr.map((secs, index) => [`Z${index + 1}`, secs ?? 0]))
      : undefined,
  };
}

/** The activity's gear by name; the API sends only its id, the client remembers the athlete's gear list. */
async function gearName(session: Session, activity: Activity): Promise<string | undefined> {
  const gear = activity.gear;
  if (!gear?.id) return undefined;
  return present(gear.name ?? (await session.client.gear.nameOf(gear.id, { signal: session.signal })));
}

export const getActivityDetails: IntervalsTool = (connection) =>
  defineTool({
    name: "get_activity_details",
    title: "Activity details",
    description:
      "One activity: summary, power, HR, pace or speed, load, efficiency, decoupling, time in zones, gear, RPE, feel, notes.",
    input: z.object({ activity_id: activityId, athlete_id: athleteId }),
    output: z.looseObject({ id: z.string(), available: z.boolean() }).describe(unitsLegend),
    annotations: readAnnotations,
    handler: async ({ activity_id, athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const [activity, settings] = await Promise.all([
        session.client.activities.get(activity_id, {}, { signal: session.signal }),
        session.settings(),
      ]);
      if (isUnavailableActivity(activity)) return unavailableResult(activity);
      const paceUnit = preferredPaceUnit(settings, activity.type);
      return {
        id: activity.id,
        available: true,
        start: activity.start_date_local.slice(0, 16),
        name: present(activity.name),
        sport: present(activity.type),
        duration_s: present(activity.moving_time),
        elapsed_s: present(activity.elapsed_time),
        distance_m: round(activity.distance, 0),
        elevation_m: round(activity.total_elevation_gain, 0),
        ...speedForSport(activity.type, activity.average_speed, paceUnit),
        load: round(activity.icu_training_load, 0),
        intensity_pct: round(activity.icu_intensity, 0),
        ftp_watts: present(activity.icu_ftp),
        avg_watts: round(activity.icu_average_watts, 0),
        np_watts: round(activity.icu_weighted_avg_watts, 0),
        variability_index: round(activity.icu_variability_index, 2),
        efficiency_factor: round(activity.icu_efficiency_factor, 2),
        decoupling_pct: round(activity.decoupling, 1),
        avg_hr_bpm: round(activity.average_heartrate, 0),
        max_hr_bpm: round(activity.max_heartrate, 0),
        ...cadenceFields(activity.type, activity.average_cadence),
        calories: present(activity.calories),
        ...zoneTimes(activity),
        fitness_ctl: round(activity.icu_ctl),
        fatigue_atl: round(activity.icu_atl),
        rpe: present(activity.icu_rpe),
        feel: present(activity.feel),
        trainer: present(activity.trainer),
        race: present(activity.race) || undefined,
        gear: await gearName(session, activity),
        device: present(activity.device_name),
        description: present(activity.description),
        planned_event_id: present(activity.paired_event_id),
        notes: notes(skippedNote(activity)),
      };
    },
  });
