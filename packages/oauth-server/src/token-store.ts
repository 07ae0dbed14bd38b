/**
 * Where the sign-in state lives: registered clients, pending sign-ins, authorization codes, the server's
 * own tokens and each user's (encrypted) upstream tokens. Values are opaque strings with a lifetime, so one
 * store serves every record kind and a shared store (Redis) lets several replicas share sign-ins.
 */
export interface TokenStore {
  /** Stores `value` under `key` for `ttlSeconds` seconds, replacing what was there. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The value under `key`, or undefined when there is none or it expired. */
  get(key: string): Promise<string | undefined>;
  /** Reads and deletes in one step, so that a one-time value (an authorization code) is used at most once. */
  take(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  /**
   * Stores `value` under `key` (as `set` does) as a member of a bounded group, such as the registered clients:
   * a key already in the group is replaced, with the new lifetime; a new key is stored only while fewer than
   * `max` members are alive. Without this method a store still expires entries, but cannot bound their number.
   * @returns false, storing nothing, when the group is full
   */
  setInGroup?(group: string, key: string, value: string, ttlSeconds: number, max: number): Promise<boolean>;
  /**
   * Counts one request in the window named `key`, which begins with its first request and lasts `windowSeconds`
   * (a fixed window). With it, replicas share the sign-in rate limits; without it each process counts its own.
   */
  countInWindow?(key: string, windowSeconds: number): Promise<{ count: number; secondsLeft: number }>;
  /** Releases connections; the server calls it on shutdown. */
  close?(): Promise<void>;
}

export const STORE_UNAVAILABLE =
  "Sign-in is unavailable: this server cannot reach its shared store (Redis); try again in a minute.";

/** A shared store (Redis) did not answer: the sign-in fails closed, and says to try again shortly. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  constructor(cause: unknown) {
    super(STORE_UNAVAILABLE, { cause });
  }
}
