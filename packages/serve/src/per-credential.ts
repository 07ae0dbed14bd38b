import { createHash } from "node:crypto";

/**
 * One value per upstream credential (a client's rate limiter and caches, say), made on first use and kept for the
 * `kept` credentials used most recently. Values are found by the credential's SHA-256 digest: the server keeps
 * no request's credential, and one credential's value never serves another.
 *
 * A connector over an API that limits each key, whichever request brings it, gives every call the state of its
 * key through this, whether the key is configured or arrives with each HTTP request.
 */
export function perCredential<T>(
  make: (credential: string) => T,
  { kept = 1_000 }: { kept?: number } = {},
): (credential: string) => T {
  if (!Number.isInteger(kept) || kept < 1)
    throw new RangeError(`kept must be a whole number above 0, not ${kept}.`);
  const values = new Map<string, T>();
  return (credential) => {
    const key = createHash("sha256").update(credential).digest("base64url");
    const value = values.has(key) ? (values.get(key) as T) : make(credential);
    // A Map iterates in insertion order: deleting and setting again moves this key to the newest end.
    values.delete(key);
    if (values.size >= kept) values.delete(values.keys().next().value as string);
    values.set(key, value);
    return value;
  };
}
