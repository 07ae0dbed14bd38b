import { randomUUID } from "node:crypto";
import type { TokenCipher } from "./token-cipher.js";
import type { TokenStore } from "./token-store.js";

/** A user's upstream tokens, as kept (encrypted) on the server. */
export interface UpstreamSession {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in seconds since the epoch; absent when the provider gave no lifetime. */
  expiresAt?: number;
}

/** One user's sign-in through one MCP client: what the server's tokens point at. */
export interface Grant {
  id: string;
  clientId: string;
  scopes: string[];
  /** The RFC 8707 resource (this server's public URL) the grant's tokens are bound to. */
  resource: string;
  /** When the grant lapses unless a refresh extends it, in seconds since the epoch. */
  expiresAt: number;
  /** The sealed {@link UpstreamSession}. */
  upstream: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const keyOf = (id: string) => `grant:${id}`;

/** Grants in a token store, with the upstream tokens sealed under the grant's own id. */
export function createGrantStore(store: TokenStore, cipher: TokenCipher) {
  const save = (grant: Grant) =>
    store.set(keyOf(grant.id), JSON.stringify(grant), grant.expiresAt - nowSeconds());
  return {
    async create(fields: Omit<Grant, "id" | "upstream">, session: UpstreamSession): Promise<Grant> {
      const id = randomUUID();
      const grant = { ...fields, id, upstream: cipher.seal(JSON.stringify(session), keyOf(id)) };
      await save(grant);
      return grant;
    },
    async load(id: string): Promise<Grant | undefined> {
      const text = await store.get(keyOf(id));
      return text === undefined ? undefined : (JSON.parse(text) as Grant);
    },
    session(grant: Grant): UpstreamSession {
      return JSON.parse(cipher.open(grant.upstream, keyOf(grant.id))) as UpstreamSession;
    },
    async update(grant: Grant, changes: { session?: UpstreamSession; expiresAt?: number }): Promise<Grant> {
      const next = {
        ...grant,
        expiresAt: changes.expiresAt ?? grant.expiresAt,
        upstream: changes.session
          ? cipher.seal(JSON.stringify(changes.session), keyOf(grant.id))
          : grant.upstream,
      };
      await save(next);
      return next;
    },
    forget: (id: string) => store.delete(keyOf(id)),
  };
}

export type GrantStore = ReturnType<typeof createGrantStore>;
