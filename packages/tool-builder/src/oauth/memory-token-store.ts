import type { TokenStore } from "./token-store.js";

/** Expired entries are swept at most this often, so a busy store does not grow without bound. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * A token store in this process's memory: the default for a single instance. Sign-ins are lost on restart
 * and are not shared between replicas; use the Redis store (`@mcp-connectors/tool-builder/redis`) for that.
 * @param now the clock in milliseconds, replaceable in tests
 */
export function createMemoryTokenStore(now: () => number = Date.now): TokenStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  let lastSweep = now();

  const sweep = () => {
    const time = now();
    if (time - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = time;
    for (const [key, entry] of entries) if (entry.expiresAt <= time) entries.delete(key);
  };
  const read = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now()) return entry.value;
    entries.delete(key);
    return undefined;
  };

  return {
    async set(key, value, ttlSeconds) {
      sweep();
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async get(key) {
      return read(key);
    },
    async take(key) {
      const value = read(key);
      entries.delete(key);
      return value;
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
