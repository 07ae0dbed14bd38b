import { heartRateAt, round, speedAt, streamTypes } from "./activities.js";
import type { FakeAthleteProfile } from "./profile.js";
import type { Random } from "./random.js";
import type { Session } from "./sessions.js";

type Json = Record<string, unknown>;

const valueTypes: Record<string, string> = {
  time: "java.lang.Integer",
  heartrate: "java.lang.Integer",
  cadence: "java.lang.Integer",
  watts: "java.lang.Integer",
  latlng: "java.lang.Float",
};

/** 1 Hz streams of a session, as `GET /activity/{id}/streams` returns them (all types of the sport). */
export function sessionStreams(session: Session, profile: FakeAthleteProfile, random: Random): Json[] {
  const time: number[] = [];
  const heartrate: number[] = [];
  const watts: number[] = [];
  const cadence: number[] = [];
  const velocity: number[] = [];
  const distance: (number | null)[] = [];
  const altitude: (number | null)[] = [];
  const lat: number[] = [];
  const lng: number[] = [];
  let hr = profile.restingHr + 40;
  let covered = 0;
  let second = 0;
  for (const segment of session.segments) {
    const targetHr = heartRateAt(segment.intensity, profile);
    for (let index = 0; index < segment.secs; index++, second++) {
      hr += (targetHr - hr) * 0.03 + random.noise(0.6);
      const speed = Math.max(0, speedAt(session.sport, segment.intensity, profile) + random.noise(0.25));
      covered += speed;
      time.push(second);
      heartrate.push(Math.round(hr));
      watts.push(Math.max(0, Math.round(profile.ftp * segment.intensity + random.noise(18))));
      cadence.push(
        session.sport === "Run" ? Math.round(84 + random.noise(2)) : Math.round(90 + random.noise(4)),
      );
      velocity.push(round(speed, 3));
      distance.push(second < 2 ? null : round(covered, 2));
      altitude.push(second < 2 ? null : round(12 + 8 * Math.sin(second / 600), 1));
      lat.push(round(52.37 + covered / 111_000, 6));
      lng.push(round(4.89 + Math.sin(covered / 2000) / 200, 6));
    }
  }
  const data: Record<string, (number | null)[]> = {
    time,
    heartrate,
    watts,
    cadence: session.sport === "Swim" ? cadence.map(() => 28) : cadence,
    velocity_smooth: velocity,
    distance,
    altitude,
    latlng: lat,
  };
  return streamTypes(session.sport).map((type) => ({
    type,
    name: null,
    data: data[type] ?? [],
    data2: type === "latlng" ? lng : null,
    valueType: valueTypes[type] ?? "java.lang.Float",
    valueTypeIsArray: false,
    anomalies: null,
    custom: false,
    allNull: false,
  }));
}
