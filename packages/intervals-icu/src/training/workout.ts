import { formatDuration } from "./pace.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const numberOf = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

/** How each target unit of a parsed workout reads; `%` units follow the number, zones precede it. */
const targetUnits: Record<string, { before?: string; after: string }> = {
  w: { after: " W" },
  "%ftp": { after: "% FTP" },
  "%mmp": { after: "% MMP" },
  power_zone: { before: "Z", after: " power" },
  bpm: { after: " bpm" },
  "%hr": { after: "% max HR" },
  "%lthr": { after: "% LTHR" },
  hr_zone: { before: "Z", after: " HR" },
  "%pace": { after: "% threshold pace" },
  pace_zone: { before: "Z", after: " pace" },
  rpm: { after: " rpm" },
};

/** `160–205 W`, `55% FTP`, `Z2 HR`, `ramp 54→80% FTP`; undefined for a target without numbers. */
function describeTarget(target: unknown, ramp: boolean): string | undefined {
  if (!isObject(target)) return undefined;
  const units = typeof target.units === "string" ? target.units : "";
  const unit = targetUnits[units] ?? { after: units ? ` ${units}` : "" };
  const number = (value: number) => `${unit.before ?? ""}${Math.round(value * 10) / 10}`;
  const value = numberOf(target.value);
  const start = numberOf(target.start);
  const end = numberOf(target.end);
  if (value !== undefined) return `${number(value)}${unit.after}`;
  if (start === undefined || end === undefined) return undefined;
  return ramp
    ? `ramp ${number(start)}→${number(end)}${unit.after}`
    : `${number(start)}–${number(end)}${unit.after}`;
}

/** `400 m` or `1.5 km`. */
function describeDistance(metres: number): string {
  return metres >= 1000 ? `${Math.round(metres / 10) / 100} km` : `${Math.round(metres)} m`;
}

function describeStep(step: Json): string {
  const duration = numberOf(step.duration);
  const distance = numberOf(step.distance);
  const ramp = step.ramp === true;
  const parts = [
    duration ? formatDuration(duration) : distance ? describeDistance(distance) : undefined,
    ...["power", "hr", "pace", "cadence"].map((kind) => describeTarget(step[kind], ramp)),
    step.until_lap_press === true ? "until lap press" : undefined,
  ].filter((part) => part !== undefined);
  const label =
    typeof step.text === "string" && step.text.trim() !== ""
      ? step.text.trim()
      : step.warmup === true
        ? "warm-up"
        : step.cooldown === true
          ? "cool-down"
          : undefined;
  return [parts.join(" "), label].filter(Boolean).join(" · ");
}

function describeSteps(steps: unknown, indent: string, lines: string[], limit: number): void {
  if (!Array.isArray(steps)) return;
  for (const step of steps) {
    if (lines.length >= limit) return;
    if (!isObject(step)) continue;
    const reps = numberOf(step.reps);
    if (Array.isArray(step.steps)) {
      const label = typeof step.text === "string" && !/^\d+x$/i.test(step.text.trim()) ? ` ${step.text}` : "";
      lines.push(`${indent}${reps ?? 1}×${label}`);
      describeSteps(step.steps, `${indent}  `, lines, limit);
    } else {
      lines.push(`${indent}${describeStep(step)}`);
    }
  }
}

/**
 * A planned workout's steps as lines a person reads, from the API's parse of it (`event.workout_doc`):
 * duration (or distance), targets with their units, the step's own text; repeats as `3×` with their steps
 * indented below. Returns at most `limit` lines (default 60); empty when the event has no parsed workout.
 *
 * @example describeWorkout(event.workout_doc)
 * // ["12:00 160–205 W · Warm-up", "3×", "  12:00 255–275 W · SST", "  4:00 160 W · Recovery", "10:00 145 W · Cooldown"]
 */
export function describeWorkout(workoutDoc: unknown, limit = 60): string[] {
  const lines: string[] = [];
  if (isObject(workoutDoc)) describeSteps(workoutDoc.steps, "", lines, limit);
  return lines;
}

/** Seconds the planned workout spends in each zone (`{ Z2: 1440, Z4: 2160 }`), zones with time only. */
export function plannedZoneTimes(workoutDoc: unknown): Record<string, number> | undefined {
  if (!isObject(workoutDoc) || !Array.isArray(workoutDoc.zoneTimes)) return undefined;
  const times: Record<string, number> = {};
  for (const zone of workoutDoc.zoneTimes) {
    if (!isObject(zone)) continue;
    const secs = numberOf(zone.secs);
    const id = typeof zone.id === "string" ? zone.id : undefined;
    if (id && secs) times[id] = secs;
  }
  return Object.keys(times).length > 0 ? times : undefined;
}
