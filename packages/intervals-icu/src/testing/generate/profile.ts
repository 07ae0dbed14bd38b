/** Who the generated athlete is. Every field has a sensible default. */
export interface FakeAthleteProfile {
  /** Athlete id, `i` + digits. Default `i1234567`. */
  id: string;
  firstname: string;
  lastname: string;
  /** IANA time zone all athlete-local dates refer to. Default `Europe/Amsterdam`. */
  timezone: string;
  /** Functional threshold power, W. Default 265. */
  ftp: number;
  /** Lactate threshold heart rate, bpm. Default 168. */
  lthr: number;
  /** Maximum heart rate, bpm. Default 188. */
  maxHr: number;
  /** Resting heart rate, bpm. Default 48. */
  restingHr: number;
  /** Body weight, kg. Default 72. */
  weight: number;
  /** Running threshold pace, seconds per km. Default 270 (4:30 /km). */
  thresholdPaceSecsPerKm: number;
  /** Fitness (CTL) the day before the generated history starts. Default 42. */
  startCtl: number;
  /** Fatigue (ATL) the day before the generated history starts. Default 40. */
  startAtl: number;
}

export const defaultProfile: FakeAthleteProfile = {
  id: "i1234567",
  firstname: "Sam",
  lastname: "Demo",
  timezone: "Europe/Amsterdam",
  ftp: 265,
  lthr: 168,
  maxHr: 188,
  restingHr: 48,
  weight: 72,
  thresholdPaceSecsPerKm: 270,
  startCtl: 42,
  startAtl: 40,
};
