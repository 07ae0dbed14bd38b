import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { SuiteApi } from "./http-hardening-suite.js";
import {
  INVALID_TOKEN_CHALLENGE,
  type OAuthServerProcess,
  startOAuthServerProcess,
} from "./oauth-server-process.js";

/** An app's fake API with its fake OAuth provider. */
export interface OAuthFake {
  close(): Promise<void>;
  oauth: { clientId: string; clientSecret: string; issuedTokens(): readonly string[] };
}

/** What a read of the signed-in account gave: whose data it was, and the text to check and record. */
export interface OAuthRead {
  isError: boolean;
  text: string;
  /** What identifies whose data the read returned (say, the account's id); compared with `ownerOf`. */
  owner: unknown;
}

/** The accounts the suite signs in as, at the fake provider. */
export interface OAuthAccounts {
  main: string;
  other: string;
  /** An account whose sign-in the suite revokes at the provider. */
  revoked: string;
  /** The victim of a handed-over provider link. */
  victim: string;
}

/** What the OAuth suite needs to know about one app. */
export interface OAuthSpec<Fake extends OAuthFake> {
  /** The provider's name, as the test names say it. */
  provider: string;
  /** What the provider calls an account ("athlete", "user"), as the test names say it. */
  noun: string;
  /** The built bin, spawned as an OAuth-enabled HTTP server. */
  bin: string;
  startFake(): Promise<Fake>;
  /** Environment of a server reading the fake with no configured credential. */
  env(fake: NoInfer<Fake>): Record<string, string | undefined>;
  /** The field of the provider's sign-in page that names the account. */
  accountField: string;
  accounts(fake: NoInfer<Fake>): OAuthAccounts;
  /** Reads the signed-in account's data through `client` (never asserting). */
  read(client: Client, fake: NoInfer<Fake>): Promise<OAuthRead>;
  /** What `read` must give as owner for `account`, from the fake's store. */
  ownerOf(fake: NoInfer<Fake>, account: string): unknown;
  /** Further checks after the first sign-in's read (the granted scope, how the API was called). */
  checkSignedIn(fake: NoInfer<Fake>, account: string): void;
  /** Further checks that two signed-in accounts see different data. */
  checkApart?(clients: [Client, Client], fake: NoInfer<Fake>): Promise<void>;
  /** A refusal for missing access (HTTP 403, once) on the read, and what its message must and must not say. */
  denied: { inject(fake: NoInfer<Fake>): void; message: RegExp; not: RegExp };
  /** The provider revoking an account's sign-in, and what the refused read must and must not say. */
  revoked: { revoke(fake: NoInfer<Fake>, account: string): void; message: RegExp; not: RegExp };
  clearFaults(fake: NoInfer<Fake>): void;
  /** A counter the handed-over sign-in must leave alone (tokens issued, codes exchanged). */
  exchanges(fake: NoInfer<Fake>): number;
  /** More tokens than this must have been issued by the end (so that the leak check saw real ones). */
  minimumTokens: number;
}

/**
 * Signing in over OAuth against an app's fake provider, through the SDK client: a sign-in that reads that
 * account's data, two accounts interleaved, a 403 that tells a signed-in user to reconnect, a sign-in revoked at
 * the provider (401 with WWW-Authenticate), and a provider link handed over to another browser; at the end, the
 * server exits with 0 and no issued token shows in its answers or log. Call it at the top level of a test file,
 * with `import * as vitest from "vitest"`; it returns the fake and the server for the app's own tests.
 */
export function oauthSuite<Fake extends OAuthFake>(
  vitest: SuiteApi,
  spec: OAuthSpec<Fake>,
): { fake(): Fake; server(): OAuthServerProcess } {
  const { afterAll, beforeAll, describe, expect, it } = vitest;
  let fake: Fake;
  let server: OAuthServerProcess;
  const signIn = (account: string) => server.signIn({ [spec.accountField]: account });
  const read = async (client: Client) => {
    const result = await spec.read(client, fake);
    server.recorder.seen.push(result.text);
    return result;
  };

  beforeAll(async () => {
    fake = await spec.startFake();
    server = await startOAuthServerProcess({
      script: spec.bin,
      env: spec.env(fake),
      clientId: fake.oauth.clientId,
      clientSecret: fake.oauth.clientSecret,
    });
  });

  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await fake.close();
    expect(fake.oauth.issuedTokens().length).toBeGreaterThan(spec.minimumTokens);
    expect(server.leaked(fake.oauth.issuedTokens())).toEqual([]);
  });

  describe(`signing in with ${spec.provider} over OAuth`, () => {
    it(`the SDK client signs in, and its tools read that ${spec.noun}'s data`, async () => {
      const { main } = spec.accounts(fake);
      const { client } = await signIn(main);
      try {
        const result = await read(client);
        expect(result.isError, result.text).toBe(false);
        expect(result.owner).toEqual(spec.ownerOf(fake, main));
        spec.checkSignedIn(fake, main);
      } finally {
        await client.close();
      }
    });

    it(`two ${spec.noun}s each get their own data, even when calls interleave`, async () => {
      const { main, other } = spec.accounts(fake);
      const [one, two] = await Promise.all([signIn(main), signIn(other)]);
      try {
        for (let round = 0; round < 2; round++) {
          const results = await Promise.all([read(one.client), read(two.client)]);
          expect(results.map((result) => result.owner)).toEqual([
            spec.ownerOf(fake, main),
            spec.ownerOf(fake, other),
          ]);
        }
        expect(spec.ownerOf(fake, main)).not.toEqual(spec.ownerOf(fake, other));
        await spec.checkApart?.([one.client, two.client], fake);
      } finally {
        await Promise.all([one.client.close(), two.client.close()]);
      }
    });

    it(`a refusal for missing access tells a signed-in ${spec.noun} to reconnect, not to set a credential`, async () => {
      const { main } = spec.accounts(fake);
      const { client } = await signIn(main);
      try {
        spec.denied.inject(fake);
        const denied = await read(client);
        expect(denied.isError).toBe(true);
        expect(denied.text).toMatch(spec.denied.message);
        expect(denied.text).not.toMatch(spec.denied.not);
        // A 403 is not a refused sign-in: the next call works with the same tokens.
        expect((await read(client)).owner).toEqual(spec.ownerOf(fake, main));
      } finally {
        spec.clearFaults(fake);
        await client.close();
      }
    });

    it(`a sign-in revoked at ${spec.provider} ends: 401 with WWW-Authenticate`, async () => {
      const { revoked: account } = spec.accounts(fake);
      const { client, tokens } = await signIn(account);
      try {
        expect((await read(client)).owner).toEqual(spec.ownerOf(fake, account));
        spec.revoked.revoke(fake, account);
        const refused = await read(client);
        expect(refused.isError).toBe(true);
        // A signed-in user has no credential to set: the message says to sign in again.
        expect(refused.text).toMatch(spec.revoked.message);
        expect(refused.text).not.toMatch(spec.revoked.not);
        expect(await server.challengeFor(tokens.access_token)).toMatch(INVALID_TOKEN_CHALLENGE);
      } finally {
        await client.close();
      }
    });

    it("a provider link approved in one browser is refused in another: the attacker's client gets no code", async () => {
      const before = spec.exchanges(fake);
      const victim = await server.handOverSignIn({ [spec.accountField]: spec.accounts(fake).victim });
      expect(victim.code).toBeUndefined();
      expect(victim.stopped).toMatch(/\/oauth\/callback with HTTP 400/);
      expect(victim.lastPage).toContain("approved in another browser");
      expect(spec.exchanges(fake)).toBe(before);
    });
  });

  return { fake: () => fake, server: () => server };
}
