/**
 * Where clients made for one credential keep what they remember (time zones, gear lists) beyond this process,
 * such as Redis shared by a server's replicas. Values are strings (JSON) with a lifetime. A store that cannot
 * be reached should answer `undefined` and keep nothing: the client then asks the API.
 */
export interface ClientStateStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}
