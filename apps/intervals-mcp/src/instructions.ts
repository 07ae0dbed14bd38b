/** What the model is told at initialization: what the server offers and how to read its numbers. */
export function instructions({ demo }: { demo: boolean }): string {
  const lines = [
    "Reads and plans an athlete's training on Intervals.icu: activities (with intervals and streams), wellness, fitness (CTL/ATL/form), calendar events, power/pace/HR curves and the athlete's settings; writes planned workouts, notes and wellness.",
    "Dates are the athlete's local dates, YYYY-MM-DD; windows include both ends. Units: time s, distance and elevation m, power W, heart rate bpm, speed km/h, pace min:s per km (per 100 m for swims), load in training-load points.",
    "Strava-synced activities cannot be read through the Intervals.icu API; results count them and say so.",
    "Coaches can pass athlete_id (i12345) to read an athlete who shares their data. The workout text syntax for planned workouts is in the resource intervals://workout-syntax.",
  ];
  if (demo) {
    lines.push(
      "DEMO MODE: the data is synthetic, generated for a fictional athlete by a local fake of the API; say so when presenting it.",
    );
  }
  return lines.join("\n");
}
