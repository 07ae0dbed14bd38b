import { activitySchema, addDays, localDate } from "@mcp-connectors/intervals-icu";

type Json = Record<string, unknown>;

/** What the live API showed about one assumption of API-ASSUMPTIONS.md, in counts and booleans only. */
export interface Observation {
  /** The assumption's id in API-ASSUMPTIONS.md, e.g. `A2`. */
  id: string;
  /** `holds`: seen as assumed; `differs`: seen otherwise (the code must survive it); `unseen`: no data to tell. */
  status: "holds" | "differs" | "unseen";
  /** What was seen, without any value from the account: counts, key names the API defines, booleans. */
  detail: string;
}

export interface ApiAccess {
  /** Base URL including `/api/v1`. */
  baseUrl: string;
  apiKey: string;
  /** The athlete's local today, `YYYY-MM-DD`; default the UTC date. */
  today?: string;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const numberOf = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const dayOf = (value: unknown) => String(value ?? "").slice(0, 10);

/** A read-only GET, returning the status and parsed body; the key goes in the Basic header only. */
async function get(access: ApiAccess, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${access.baseUrl}${path}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`API_KEY:${access.apiKey}`).toString("base64")}`,
      "user-agent": "mcp-connectors intervals smoke check",
    },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // An HTML or plain-text answer stays text.
  }
  return { status: response.status, body };
}

const list = (body: unknown): Json[] => (Array.isArray(body) ? body.filter(isObject) : []);
const result = (id: string, holds: boolean | undefined, detail: string): Observation => ({
  id,
  status: holds === undefined ? "unseen" : holds ? "holds" : "differs",
  detail,
});

/**
 * Reads the account the key belongs to (only GETs) and checks each observable assumption of
 * API-ASSUMPTIONS.md. Returns observations without any of the account's values.
 */
export async function observeApi(access: ApiAccess): Promise<Observation[]> {
  const today = access.today ?? localDate(new Date(), "UTC");
  const oldest = addDays(today, -30);
  const window = `oldest=${oldest}&newest=${today}`;
  const observations: Observation[] = [];

  const projected = list((await get(access, `/athlete/0/activities?${window}&fields=name,distance`)).body);
  const projectedKeys = new Set(projected.flatMap((row) => Object.keys(row)));
  const extraKeys = [...projectedKeys].filter((key) => !["name", "distance", "id"].includes(key));
  const nulls = projected.some((row) => Object.values(row).some((value) => value === null));
  observations.push(
    result(
      "A1",
      projected.length === 0 ? undefined : extraKeys.length === 0 && !nulls,
      `${projected.length} rows asked for name,distance; other keys: ${extraKeys.sort().join(", ") || "none"}; nulls: ${nulls ? "yes" : "none"}`,
    ),
    result(
      "A2",
      projected.length === 0 ? undefined : projected.every((row) => "id" in row),
      `id sent unasked in ${projected.filter((row) => "id" in row).length} of ${projected.length} rows`,
    ),
  );

  const full = list((await get(access, `/athlete/0/activities?${window}`)).body);
  const stubs = full.filter((row) => row.source === "STRAVA");
  observations.push(
    result(
      "A3",
      stubs.length === 0 ? undefined : stubs.every((row) => "_note" in row && "start_date_local" in row),
      `${stubs.length} Strava stubs; keys seen: ${[...new Set(stubs.flatMap((row) => Object.keys(row)))].sort().join(", ") || "-"}`,
    ),
  );
  const firstStub = stubs[0];
  if (firstStub) {
    const refused = await get(access, `/activity/${encodeURIComponent(String(firstStub.id))}`);
    const message = JSON.stringify(refused.body);
    observations.push(
      result(
        "A4",
        refused.status === 422
          ? /strava/i.test(message)
          : isObject(refused.body) && refused.body.source === "STRAVA",
        `a stub's detail answered ${refused.status}${/strava/i.test(message) ? ", naming Strava" : ""}`,
      ),
    );
  } else observations.push(result("A4", undefined, "no Strava stub in the last 30 days"));
  const outside = full.filter(
    (row) => dayOf(row.start_date_local) < oldest || dayOf(row.start_date_local) > today,
  );
  observations.push(
    result(
      "A5",
      full.length === 0 ? undefined : outside.length === 0,
      `${outside.length} of ${full.length} rows outside the window`,
    ),
  );

  const known = new Set(Object.keys(activitySchema.shape));
  const activities = full.filter((row) => row.source !== "STRAVA");
  const unknownKeys = new Set(activities.flatMap((row) => Object.keys(row).filter((key) => !known.has(key))));
  const missingKnown = activities.filter((row) => [...known].some((key) => !(key in row))).length;
  observations.push(
    result(
      "A6",
      activities.length === 0 ? undefined : true,
      `${activities.length} activities; ${unknownKeys.size} keys beyond the client's schema; ${missingKnown} rows without some schema key`,
    ),
  );

  const withSpeed = activities.filter(
    (row) => numberOf(row.distance) && numberOf(row.moving_time) && numberOf(row.average_speed),
  );
  const speedAgrees = withSpeed.filter((row) => {
    const derived = Number(row.distance) / Number(row.moving_time);
    return Math.abs(derived - Number(row.average_speed)) / derived < 0.05;
  });
  observations.push(
    result(
      "A9",
      withSpeed.length === 0 ? undefined : speedAgrees.length === withSpeed.length,
      `distance / moving_time within 5 % of average_speed in ${speedAgrees.length} of ${withSpeed.length} activities`,
    ),
  );

  const runs = activities.filter(
    (row) =>
      /run|walk/i.test(String(row.type)) && numberOf(row.average_stride) && numberOf(row.average_cadence),
  );
  const strides = runs.filter((row) => {
    const stepsFromStride = (Number(row.average_speed) / Number(row.average_stride)) * 60;
    return Math.abs(stepsFromStride - 2 * Number(row.average_cadence)) / stepsFromStride < 0.1;
  });
  observations.push(
    result(
      "A10",
      runs.length === 0 ? undefined : strides.length === runs.length,
      `cadence × 2 matches speed ÷ stride in ${strides.length} of ${runs.length} runs and walks`,
    ),
  );

  const withCoachKeys = ["compliance", "icu_joules", "trimp", "hr_load", "power_load", "average_temp"].map(
    (key) => `${key} ${activities.filter((row) => row[key] !== undefined).length}`,
  );
  observations.push(
    result(
      "A17",
      activities.length === 0 ? undefined : true,
      `activities carrying: ${withCoachKeys.join(", ")}`,
    ),
  );

  const sample = activities[0];
  if (sample) {
    const intervals = (await get(access, `/activity/${encodeURIComponent(String(sample.id))}/intervals`))
      .body;
    const rows = isObject(intervals) ? list(intervals.icu_intervals) : [];
    const gradients = rows
      .map((row) => numberOf(row.average_gradient))
      .filter((value) => value !== undefined);
    observations.push(
      result(
        "A11",
        gradients.length === 0 ? undefined : gradients.every((value) => Math.abs(value) < 1),
        `${gradients.length} interval gradients, all below 1 in size: ${gradients.every((value) => Math.abs(value) < 1)}`,
      ),
      result(
        "A16",
        rows.length === 0 ? undefined : rows.every((row) => row.type === "WORK" || row.type === "RECOVERY"),
        `${rows.length} intervals; types seen: ${[...new Set(rows.map((row) => String(row.type)))].sort().join(", ") || "-"}`,
      ),
    );
  } else {
    observations.push(
      result("A11", undefined, "no activity to read"),
      result("A16", undefined, "no activity to read"),
    );
  }

  const wellness = list(
    (await get(access, `/athlete/0/wellness.json?${window}&fields=id,ctl,atl,ctlLoad,atlLoad`)).body,
  );
  observations.push(
    result(
      "A7",
      wellness.length === 0 ? undefined : wellness.every((row) => /^\d{4}-\d\d-\d\d$/.test(String(row.id))),
      `${wellness.length} wellness days, id a date in all: ${wellness.every((row) => /^\d{4}-\d\d-\d\d$/.test(String(row.id)))}`,
    ),
  );
  let worst = 0;
  let compared = 0;
  const byDate = [...wellness].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  for (let index = 1; index < byDate.length; index += 1) {
    const previous = byDate[index - 1] as Json;
    const day = byDate[index] as Json;
    const [ctl0, atl0, ctl, atl] = [previous.ctl, previous.atl, day.ctl, day.atl].map(numberOf);
    if (ctl0 === undefined || atl0 === undefined || ctl === undefined || atl === undefined) continue;
    if (addDays(String(previous.id), 1) !== String(day.id)) continue;
    const ctlLoad = numberOf(day.ctlLoad) ?? 0;
    const atlLoad = numberOf(day.atlLoad) ?? ctlLoad;
    const expectedCtl = ctl0 + (ctlLoad - ctl0) * (1 - Math.exp(-1 / 42));
    const expectedAtl = atl0 + (atlLoad - atl0) * (1 - Math.exp(-1 / 7));
    worst = Math.max(worst, Math.abs(expectedCtl - ctl), Math.abs(expectedAtl - atl));
    compared += 1;
  }
  observations.push(
    result(
      "A8",
      compared === 0 ? undefined : worst < 0.05,
      `${compared} consecutive days; largest difference from the 42/7 model ${worst.toFixed(3)}`,
    ),
  );

  const athlete = (await get(access, "/athlete/0")).body;
  const settings = isObject(athlete) ? list(athlete.sportSettings) : [];
  const knownUnits = [
    "SECS_100M",
    "SECS_100Y",
    "MINS_KM",
    "MINS_MILE",
    "SECS_500M",
    "SECS_400M",
    "SECS_250M",
    "NONE",
  ];
  const units = settings.map((entry) => entry.pace_units).filter((unit) => unit != null);
  observations.push(
    result(
      "A12",
      units.length === 0 ? undefined : units.every((unit) => knownUnits.includes(String(unit))),
      `${settings.length} sport settings; pace units all known: ${units.every((unit) => knownUnits.includes(String(unit)))}`,
    ),
    result(
      "A12b",
      isObject(athlete) && typeof athlete.measurement_preference === "string" ? true : undefined,
      `measurement_preference is ${
        !isObject(athlete) || typeof athlete.measurement_preference !== "string"
          ? "absent"
          : ["meters", "feet"].includes(athlete.measurement_preference)
            ? `"${athlete.measurement_preference}"`
            : "another value"
      }`,
    ),
    result(
      "A13",
      isObject(athlete) ? typeof athlete.icu_form_as_percent === "boolean" : undefined,
      `icu_form_as_percent is ${isObject(athlete) ? typeof athlete.icu_form_as_percent : "unknown"}`,
    ),
  );

  const events = list(
    (await get(access, `/athlete/0/events.json?oldest=${oldest}&newest=${addDays(today, 30)}`)).body,
  );
  const workouts = events.filter((event) => event.category === "WORKOUT");
  const parsed = workouts.filter(
    (event) => isObject(event.workout_doc) && Array.isArray(event.workout_doc.steps),
  );
  const loaded = workouts.filter((event) => numberOf(event.icu_training_load) !== undefined);
  observations.push(
    result(
      "A15",
      workouts.length === 0 ? undefined : parsed.length > 0 && loaded.length > 0,
      `${workouts.length} planned workouts: ${parsed.length} with workout_doc steps, ${loaded.length} with a planned load`,
    ),
  );
  const firstEvent = events[0];
  if (firstEvent) {
    const one = await get(access, `/athlete/0/events/${encodeURIComponent(String(firstEvent.id))}`);
    observations.push(result("A18", one.status === 200, `one event by id answered ${one.status}`));
  } else observations.push(result("A18", undefined, "no event in the 60-day window"));

  return observations;
}
