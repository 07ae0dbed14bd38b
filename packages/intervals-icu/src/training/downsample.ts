/** The part of a stream downsampling needs; `ActivityStream` fits. */
export interface SampledStream {
  type: string;
  data: readonly (number | null)[];
  data2?: readonly (number | null)[] | null | undefined;
}

/** Streams whose peaks matter most, in order of preference, when choosing which samples to keep. */
const keyStreamTypes = ["watts", "heartrate", "velocity_smooth", "cadence"];

/**
 * Thins aligned streams to at most `maxPoints` samples while keeping what a reader looks for: the first
 * and last sample, every stream's highest value, and the high and low of each stretch of the most telling
 * stream (power, else heart rate, speed, cadence). All streams keep the same sample indices, so row `i`
 * of every stream still describes one moment.
 *
 * @example downsampleStreams(streams, 120) // ≤ 120 samples per stream
 */
export function downsampleStreams<Stream extends SampledStream>(
  streams: readonly Stream[],
  maxPoints: number,
): Stream[] {
  const length = Math.max(0, ...streams.map((stream) => stream.data.length));
  if (length <= maxPoints || maxPoints < 2) return streams.map((stream) => ({ ...stream }));
  const kept = new Set<number>([0, length - 1]);
  for (const stream of streams) {
    if (stream.type === "time" || stream.type === "distance") continue;
    const peak = indexOfExtreme(stream.data, 0, length, (a, b) => a > b);
    if (peak !== undefined) kept.add(peak);
  }
  const key = keyStreamTypes.map((type) => streams.find((stream) => stream.type === type)).find(Boolean);
  const buckets = Math.floor((maxPoints - kept.size) / 2);
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = Math.floor((bucket * length) / buckets);
    const end = Math.floor(((bucket + 1) * length) / buckets);
    if (!key) {
      kept.add(Math.floor((start + end) / 2));
      continue;
    }
    const high = indexOfExtreme(key.data, start, end, (a, b) => a > b);
    const low = indexOfExtreme(key.data, start, end, (a, b) => a < b);
    if (high !== undefined) kept.add(high);
    if (low !== undefined) kept.add(low);
    if (high === undefined && low === undefined) kept.add(start);
  }
  const indices = [...kept].sort((a, b) => a - b).slice(0, maxPoints);
  return streams.map((stream) => ({
    ...stream,
    data: indices.map((index) => stream.data[index] ?? null),
    ...(stream.data2 ? { data2: indices.map((index) => stream.data2?.[index] ?? null) } : {}),
  }));
}

function indexOfExtreme(
  data: readonly (number | null)[],
  start: number,
  end: number,
  better: (a: number, b: number) => boolean,
): number | undefined {
  let best: number | undefined;
  for (let index = start; index < end && index < data.length; index++) {
    const value = data[index];
    if (value == null) continue;
    const current = best === undefined ? undefined : data[best];
    if (current == null || better(value, current)) best = index;
  }
  return best;
}
