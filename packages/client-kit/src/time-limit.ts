/** Node's timers count whole milliseconds, so a time limit's timer may fire a little before the clock says it is due. */
const TIMER_SLACK_MS = 5;

/**
 * Which time limit ended a call when ky threw its `TimeoutError`, the same error for both: the whole call's
 * (`totalTimeoutMs`) if that much time has passed, give or take the timer's slack, else the attempt's.
 * @param elapsedMs milliseconds since the call began
 */
export function timeLimitHit(elapsedMs: number, totalTimeoutMs: number | undefined): "attempt" | "call" {
  return totalTimeoutMs !== undefined && elapsedMs >= totalTimeoutMs - TIMER_SLACK_MS ? "call" : "attempt";
}
