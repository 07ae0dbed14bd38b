import type { SportSettings } from "@mcp-connectors/intervals-icu";
import { formatPace, paceUnitForSport, paceUnitFromSettings } from "@mcp-connectors/intervals-icu";
import { defineTool } from "@mcp-connectors/tool-builder";
import { z } from "zod";
import { num, present, round, str } from "../format.js";
import { athleteId } from "../schemas.js";
import { type IntervalsTool, readAnnotations } from "./define.js";

/**
 * Threshold pace as the athlete reads it: in the unit their settings choose when it suits the sport, else
 * the sport's convention (/100m swims, /500m rowing, /km otherwise).
 */
function thresholdPace(settings: SportSettings): string | undefined {
  const speed = settings.threshold_pace;
  if (!speed) return undefined;
  const chosen = paceUnitFromSettings(settings.pace_units);
  const unit = paceUnitForSport(settings.types[0], chosen) ?? chosen ?? "km";
  return formatPace(speed, unit);
}

function sportSettingsRow(settings: SportSettings) {
  return {
    sports: settings.types,
    ftp_watts: present(settings.ftp),
    indoor_ftp_watts: present(settings.indoor_ftp),
    w_prime_joules: present(settings.w_prime),
    lthr_bpm: present(settings.lthr),
    max_hr_bpm: present(settings.max_hr),
    threshold_pace: thresholdPace(settings),
    power_zones_pct_ftp: present(settings.power_zones),
    hr_zones_bpm: present(settings.hr_zones),
    pace_zones_pct_threshold: present(settings.pace_zones),
  };
}

export const getAthlete: IntervalsTool = (connection) =>
  defineTool({
    name: "get_athlete",
    title: "Athlete profile",
    description: "Profile, time zone and per-sport thresholds and zones: FTP, LTHR, max HR, threshold pace.",
    input: z.object({ athlete_id: athleteId }),
    output: z.looseObject({
      id: z.string(),
      name: str,
      timezone: str,
      sex: str,
      weight_kg: num,
      resting_hr_bpm: num,
      units: str.describe("METRIC or IMPERIAL"),
      sport_settings: z.array(
        z.looseObject({
          sports: z.array(z.string()),
          ftp_watts: num,
          indoor_ftp_watts: num,
          w_prime_joules: num,
          lthr_bpm: num,
          max_hr_bpm: num,
          threshold_pace: str,
          power_zones_pct_ftp: z.array(z.number().nullable()).optional().describe("upper bounds"),
          hr_zones_bpm: z.array(z.number().nullable()).optional().describe("upper bounds"),
          pace_zones_pct_threshold: z.array(z.number().nullable()).optional().describe("upper bounds"),
        }),
      ),
    }),
    annotations: readAnnotations,
    handler: async ({ athlete_id }, context) => {
      const session = connection.open(context, athlete_id);
      const athlete = await session.client.athlete.get({ signal: session.signal });
      // Chosen fields only: the raw athlete object carries credentials and invitation tokens.
      return {
        id: athlete.id,
        name: present(athlete.name),
        timezone: present(athlete.timezone),
        sex: present(athlete.sex),
        weight_kg: round(athlete.icu_weight ?? athlete.weight),
        resting_hr_bpm: present(athlete.icu_resting_hr),
        units: present(athlete.measurement_preference),
        sport_settings: athlete.sportSettings.map(sportSettingsRow),
      };
    },
  });
