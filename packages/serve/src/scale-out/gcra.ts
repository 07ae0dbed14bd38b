/**
 * GCRA (the generic cell rate algorithm, as in redis-cell and many API gateways) in its scheduling form, as
 * one Redis script: the key holds the theoretical arrival time (TAT) of the next request; each request takes
 * the slot at max(TAT, now), learns how long to wait for it, and moves the TAT one interval on. Requests are
 * spaced at least `interval` apart whichever replica sends them, in the order Redis saw them, with one Redis
 * call each and no polling. Redis's own clock (TIME) is used, so replicas with drifting clocks agree.
 * KEYS: the TAT; ARGV: interval (ms), the longest wait (ms). Returns the ms to wait, or -1 when the wait
 * would be longer than that (nothing is reserved then).
 */
export const GCRA_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local wait = tat - now
if wait > tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[1], tat + interval, 'PX', wait + interval)
return wait
`;

/** The same schedule in this process's memory, for when Redis cannot be reached: returns the ms to wait. */
export function localGcra(intervalMs: number, now: () => number = () => performance.now()) {
  let tat = 0;
  return (): number => {
    const time = now();
    const slot = Math.max(tat, time);
    tat = slot + intervalMs;
    return slot - time;
  };
}
