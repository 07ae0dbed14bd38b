import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { FakeStore } from "../store.js";

/** Intervals.icu's OAuth endpoints in the fake: a sign-in page, the token endpoint and bearer tokens. */
export interface FakeIntervalsOAuth {
  /** The fake app's client ID at the fake Intervals.icu. */
  clientId: string;
  /** Its client secret, an obviously fake value. */
  clientSecret: string;
  /** The scope the athlete granted at their latest sign-in, e.g. `ACTIVITY:READ,WELLNESS:READ`. */
  grantedScope(athleteId: string): string | undefined;
  /** Every access token issued, to check that none leaks. */
  issuedTokens(): string[];
  /** Revokes an athlete's tokens, as when they remove the app in their Intervals.icu settings. */
  revokeAthlete(athleteId: string): void;
}

/** What the fake's router calls: answers the OAuth requests and resolves bearer tokens to athletes. */
export interface FakeIntervalsOAuthRoutes extends FakeIntervalsOAuth {
  /** Answers `/oauth/authorize` and `/api/oauth/token`; returns false for other requests. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
  /** The data of the athlete an OAuth access token belongs to, or undefined when it is not one. */
  storeFor(headers: IncomingHttpHeaders): FakeStore | undefined;
}

const AUTHORIZE_PATH = "/oauth/authorize";
const TOKEN_PATH = "/api/oauth/token";
const secret = (kind: string) => `fake-intervals-${kind}-${randomBytes(18).toString("base64url")}`;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json;charset=UTF-8" }).end(JSON.stringify(body));
}

const escapeAttribute = (text: string) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;");

/**
 * The fake's OAuth provider. Any athlete id signs in on the sign-in page; the fake's own athlete gets the
 * generated data everyone else sees, other ids get data generated for them by `athleteData`.
 */
export function createFakeIntervalsOAuth(options: {
  ownStore: FakeStore;
  athleteData(athleteId: string): FakeStore;
}): FakeIntervalsOAuthRoutes {
  const clientId = "fake-intervals-app";
  const clientSecret = "fake-intervals-app-secret-not-real";
  const stores = new Map<string, FakeStore>([[options.ownStore.profile.id, options.ownStore]]);
  const codes = new Map<string, { athleteId: string; scope: string; redirectUri: string }>();
  const tokens = new Map<string, string>();
  const scopes = new Map<string, string>();
  const issued: string[] = [];

  const storeOf = (athleteId: string) => {
    let store = stores.get(athleteId);
    if (!store) {
      store = options.athleteData(athleteId);
      stores.set(athleteId, store);
    }
    return store;
  };

  /** The sign-in page: a form that posts back to the same URL with the athlete to sign in as. */
  const authorize = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const redirectUri = url.searchParams.get("redirect_uri");
    if (url.searchParams.get("client_id") !== clientId || !redirectUri) {
      sendJson(response, 400, { status: 400, error: "Unknown client_id or missing redirect_uri" });
      return;
    }
    if (request.method !== "POST") {
      response
        .writeHead(200, { "content-type": "text/html;charset=UTF-8" })
        .end(
          `<form method="post" action="${escapeAttribute(url.pathname + url.search)}"><input name="athlete" value="${options.ownStore.profile.id}"><button>Authorize</button></form>`,
        );
      return;
    }
    const athleteId = (await readForm(request)).get("athlete") ?? "";
    if (!/^i\d+$/.test(athleteId)) {
      sendJson(response, 400, { status: 400, error: "Unknown athlete" });
      return;
    }
    const code = secret("code");
    codes.set(code, { athleteId, scope: url.searchParams.get("scope") ?? "", redirectUri });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    const state = url.searchParams.get("state");
    if (state !== null) back.searchParams.set("state", state);
    response.writeHead(302, { location: back.href }).end();
  };

  /** Code for token; Intervals.icu tokens do not expire, so there is no refresh grant. */
  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readForm(request);
    if (form.get("client_id") !== clientId || form.get("client_secret") !== clientSecret) {
      sendJson(response, 401, { error: "invalid_client" });
      return;
    }
    const code = codes.get(form.get("code") ?? "");
    codes.delete(form.get("code") ?? "");
    const redirectUri = form.get("redirect_uri");
    if (!code || (redirectUri !== null && redirectUri !== code.redirectUri)) {
      sendJson(response, 400, { error: "invalid_grant" });
      return;
    }
    const accessToken = secret("access");
    issued.push(accessToken);
    tokens.set(accessToken, code.athleteId);
    scopes.set(code.athleteId, code.scope);
    const { profile } = storeOf(code.athleteId);
    sendJson(response, 200, {
      token_type: "Bearer",
      access_token: accessToken,
      scope: code.scope,
      athlete: { id: profile.id, name: `${profile.firstname} ${profile.lastname}` },
    });
  };

  return {
    clientId,
    clientSecret,
    grantedScope: (athleteId) => scopes.get(athleteId),
    issuedTokens: () => [...issued],
    revokeAthlete(athleteId) {
      for (const [accessToken, owner] of tokens) if (owner === athleteId) tokens.delete(accessToken);
    },
    async handle(request, response, url) {
      if (url.pathname === AUTHORIZE_PATH) await authorize(request, response, url);
      else if (url.pathname === TOKEN_PATH && request.method === "POST") await token(request, response);
      else return false;
      return true;
    },
    storeFor(headers) {
      const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
      const athleteId = bearer === undefined ? undefined : tokens.get(bearer);
      return athleteId === undefined ? undefined : storeOf(athleteId);
    },
  };
}
