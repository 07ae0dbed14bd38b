import type { TokenStore } from "./token-store.js";

/** Expired entries are swept at most this often, so a busy store does not grow without bound. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * A token store in this process's memory: the default for a single instance. Sign-ins are lost on restart
 * and are not shared between replicas; use the Redis store (`@mcp-connectors/oauth-server/redis`) for that.
 * @param now the clock in milliseconds, replaceable in tests
 */
export function createMemoryTokenStore(now: () => number = Date.now): TokenStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const groups = new Map<string, Set<string>>();
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

  const write = (key: string, value: string, ttlSeconds: number) => {
    sweep();
    entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
  };

  return {
    async set(key, value, ttlSeconds) {
      write(key, value, ttlSeconds);
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
    async setInGroup(group, key, value, ttlSeconds, max) {
      const members = groups.get(group) ?? new Set<string>();
      groups.set(group, members);
      if (!members.has(key) && members.size >= max) {
        // Only when full: forget members that expired or were deleted, then count again.
        for (const member of members) if (read(member) === undefined) members.delete(member);
        if (members.size >= max) return false;
      }
      members.add(key);
      write(key, value, ttlSeconds);
      return true;
    },
  };
}
