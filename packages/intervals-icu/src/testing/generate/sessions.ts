import type { Random } from "./random.js";

/** One steady part of a session, at a fraction of threshold (power for rides, speed for runs and swims). */
export interface Segment {
  label: string;
  kind: "WARMUP" | "WORK" | "RECOVERY" | "COOLDOWN" | "STEADY";
  secs: number;
  intensity: number;
}

/** A planned or completed session: sport, name and its segments in order. */
export interface Session {
  sport: "Ride" | "VirtualRide" | "Run" | "Swim";
  name: string;
  segments: Segment[];
  /** Repeats, for the workout text: [index of first repeated segment, segments per rep, reps]. */
  repeat?: [number, number, number];
}

function repeated(
  sport: Session["sport"],
  name: string,
  warmup: Segment,
  reps: number,
  work: Segment,
  rest: Segment,
  cooldown: Segment,
): Session {
  const segments = [warmup];
  for (let rep = 0; rep < reps; rep++) segments.push({ ...work }, { ...rest });
  segments.push(cooldown);
  return { sport, name, segments, repeat: [1, 2, reps] };
}

const minutes = (count: number) => Math.round(count * 60);

/** The session a weekday calls for, scaled by the week's volume; undefined means a rest day. */
export function sessionFor(weekday: number, volume: number, random: Random): Session | undefined {
  const warm = (m: number, intensity = 0.55): Segment => ({
    label: "Warm up",
    kind: "WARMUP",
    secs: minutes(m),
    intensity,
  });
  const cool = (m: number, intensity = 0.5): Segment => ({
    label: "Cool down",
    kind: "COOLDOWN",
    secs: minutes(m),
    intensity,
  });
  switch (weekday) {
    case 2: {
      if (random.chance(0.5)) {
        return repeated(
          "VirtualRide",
          "Sweet Spot 3x12",
          warm(12),
          3,
          { label: "Sweet spot", kind: "WORK", secs: minutes(12), intensity: 0.9 },
          { label: "Recovery", kind: "RECOVERY", secs: minutes(4), intensity: 0.55 },
          cool(10),
        );
      }
      return repeated(
        "VirtualRide",
        "VO2max 5x4",
        warm(15),
        5,
        { label: "Hard", kind: "WORK", secs: minutes(4), intensity: 1.15 },
        { label: "Easy", kind: "RECOVERY", secs: minutes(4), intensity: 0.5 },
        cool(10),
      );
    }
    case 3:
      return {
        sport: "Run",
        name: "Easy Run",
        segments: [
          { label: "Easy", kind: "STEADY", secs: minutes(random.between(40, 55) * volume), intensity: 0.78 },
        ],
      };
    case 4:
      if (random.chance(0.4)) {
        return {
          sport: "Swim",
          name: "Pool Swim",
          segments: [
            warm(8, 0.7),
            { label: "Main set", kind: "STEADY", secs: minutes(25 * volume), intensity: 0.9 },
            cool(5, 0.7),
          ],
        };
      }
      return {
        sport: "Ride",
        name: "Tempo Ride",
        segments: [
          warm(15),
          { label: "Tempo", kind: "WORK", secs: minutes(40 * volume), intensity: 0.8 },
          cool(15),
        ],
      };
    case 5:
      return random.chance(0.5)
        ? repeated(
            "Run",
            "Threshold Intervals 4x6",
            warm(12, 0.75),
            4,
            { label: "Threshold", kind: "WORK", secs: minutes(6), intensity: 1.0 },
            { label: "Jog", kind: "RECOVERY", secs: minutes(2), intensity: 0.7 },
            cool(8, 0.72),
          )
        : undefined;
    case 6:
      return {
        sport: "Ride",
        name: random.pick(["Long Endurance Ride", "Group Ride", "Hilly Endurance"]),
        segments: [
          {
            label: "Endurance",
            kind: "STEADY",
            secs: minutes(random.between(140, 210) * volume),
            intensity: 0.68,
          },
        ],
      };
    case 0:
      return {
        sport: "Run",
        name: "Long Run",
        segments: [
          { label: "Long", kind: "STEADY", secs: minutes(random.between(70, 95) * volume), intensity: 0.8 },
        ],
      };
    default:
      return undefined;
  }
}

/** Normalised intensity (IF) of a session: the fourth-power mean, like normalised power over FTP. */
export function intensityFactor(segments: readonly Segment[]): number {
  const total = segments.reduce((sum, segment) => sum + segment.secs, 0);
  const fourth = segments.reduce((sum, segment) => sum + segment.secs * segment.intensity ** 4, 0);
  return total === 0 ? 0 : (fourth / total) ** 0.25;
}

/** Training load the TSS way: hours × IF² × 100, rounded like the API. */
export function trainingLoad(segments: readonly Segment[]): number {
  const hours = segments.reduce((sum, segment) => sum + segment.secs, 0) / 3600;
  return Math.round(hours * intensityFactor(segments) ** 2 * 100);
}

function durationText(secs: number): string {
  if (secs % 3600 === 0) return `${secs / 3600}h`;
  if (secs % 60 === 0) return `${secs / 60}m`;
  return `${secs}s`;
}

/** The session as Intervals.icu workout text, e.g. `- 12m 55%\n\n3x\n- 12m 90%\n- 4m 55%\n\n- 10m 50%`. */
export function workoutText(session: Session): string {
  const unit = session.sport === "Ride" || session.sport === "VirtualRide" ? "" : " Pace";
  const line = (segment: Segment) =>
    `- ${segment.label} ${durationText(segment.secs)} ${Math.round(segment.intensity * 100)}%${unit}`;
  if (!session.repeat) return session.segments.map(line).join("\n");
  const [first, perRep, reps] = session.repeat;
  const before = session.segments.slice(0, first).map(line);
  const rep = session.segments.slice(first, first + perRep).map(line);
  const after = session.segments.slice(first + perRep * reps).map(line);
  return [...before, "", `${reps}x`, ...rep, "", ...after].join("\n");
}

/** A `workout_doc` like the API's parse of workout text. */
export function workoutDoc(session: Session): Record<string, unknown> {
  const step = (segment: Segment) => ({
    text: segment.label,
    duration: segment.secs,
    ...(session.sport === "Ride" || session.sport === "VirtualRide"
      ? { power: { units: "%ftp", value: Math.round(segment.intensity * 100) } }
      : { pace: { units: "%pace", value: Math.round(segment.intensity * 100) } }),
  });
  const duration = session.segments.reduce((sum, segment) => sum + segment.secs, 0);
  if (!session.repeat) return { steps: session.segments.map(step), duration, distance: 0 };
  const [first, perRep, reps] = session.repeat;
  const rep = session.segments.slice(first, first + perRep);
  return {
    steps: [
      ...session.segments.slice(0, first).map(step),
      {
        reps,
        text: `${reps}x`,
        steps: rep.map(step),
        duration: rep.reduce((sum, segment) => sum + segment.secs, 0) * reps,
        distance: 0,
      },
      ...session.segments.slice(first + perRep * reps).map(step),
    ],
    duration,
    distance: 0,
  };
}

/** Seconds of planned work in Intervals.icu workout text (`- 10m …`, `3x` blocks); 0 when none. */
export function plannedSeconds(text: string): number {
  let total = 0;
  let reps = 1;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const repeat = /^(\d+)x$/i.exec(line);
    if (repeat) {
      reps = Number(repeat[1]);
      continue;
    }
    if (line === "") {
      reps = 1;
      continue;
    }
    const token = line
      .replace(/^-\s*/, "")
      .split(/\s+/)
      .map((word) => /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(word))
      .find((match) => match !== null && match[0] !== "");
    if (!token) continue;
    total += reps * (Number(token[1] ?? 0) * 3600 + Number(token[2] ?? 0) * 60 + Number(token[3] ?? 0));
  }
  return total;
}
