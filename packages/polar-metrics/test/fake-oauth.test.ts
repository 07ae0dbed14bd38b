import { afterAll, beforeAll, expect, test } from "vitest";
import { createPolarClient } from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

const REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";
let fake: FakePolar;

beforeAll(async () => {
  fake = await startFakePolar({ seed: 3 });
});
afterAll(() => fake.close());

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

/** Discovery, the sign-in page and the code exchange, as an app's server drives them. */
async function signIn(user: string) {
  const discovery = (await (await fetch(`${fake.url}/.well-known/openid-configuration`)).json()) as Record<
    string,
    string
  >;
  const authorize = new URL(discovery.authorization_endpoint ?? "");
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: fake.oauth.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "metrics:read products:read",
    state: "s1",
  }).toString();
  expect(await (await fetch(authorize)).text()).toContain('<input name="user">');
  const submitted = await fetch(authorize, { ...form({ user }), redirect: "manual" });
  const back = new URL(submitted.headers.get("location") ?? "");
  expect(back.searchParams.get("state")).toBe("s1");
  const response = await fetch(
    discovery.token_endpoint ?? "",
    form({
      grant_type: "authorization_code",
      code: back.searchParams.get("code") ?? "",
      redirect_uri: REDIRECT_URI,
      client_id: fake.oauth.clientId,
      client_secret: fake.oauth.clientSecret,
    }),
  );
  expect(response.status).toBe(200);
  return { discovery, tokens: (await response.json()) as Record<string, unknown> };
}

const productIds = async (accessToken: string) => {
  const client = createPolarClient({ baseUrl: fake.url, accessToken, retry: 0 });
  return (await client.products.list()).items.map((product) => product.id);
};

test("each user's token reads their own organization; refresh rotates; revocation ends access", async () => {
  const { discovery, tokens } = await signIn("alice");
  expect(tokens).toMatchObject({
    access_token: expect.stringMatching(/^polar_at_u_fake_/),
    refresh_token: expect.stringMatching(/^polar_rt_u_fake_/),
    token_type: "Bearer",
    expires_in: 3600,
    scope: "metrics:read products:read",
  });
  const access = String(tokens.access_token);
  const alice = await productIds(access);
  expect(alice).toEqual(
    fake.oauth
      .storeOf("alice")
      .products.slice(0, alice.length)
      .map((p) => p.id),
  );
  const bob = await productIds(String((await signIn("bob")).tokens.access_token));
  expect(bob).not.toEqual(alice);

  const refresh = (token: string) =>
    fetch(
      discovery.token_endpoint ?? "",
      form({
        grant_type: "refresh_token",
        refresh_token: token,
        client_id: fake.oauth.clientId,
        client_secret: fake.oauth.clientSecret,
      }),
    );
  const refreshed = (await (await refresh(String(tokens.refresh_token))).json()) as Record<string, string>;
  expect((await refresh(String(tokens.refresh_token))).status).toBe(400);
  await expect(productIds(access)).rejects.toMatchObject({ status: 401 });
  expect(await productIds(refreshed.access_token ?? "")).toEqual(alice);

  const revoked = await fetch(
    discovery.revocation_endpoint ?? "",
    form({
      token: refreshed.refresh_token ?? "",
      client_id: fake.oauth.clientId,
      client_secret: fake.oauth.clientSecret,
    }),
  );
  expect(revoked.status).toBe(200);
  await expect(productIds(refreshed.access_token ?? "")).rejects.toMatchObject({ status: 401 });
});

test("expired access tokens are refused", async () => {
  fake.oauth.accessTokenLifetime = 0;
  const { tokens } = await signIn("carol");
  fake.oauth.accessTokenLifetime = 3600;
  await expect(productIds(String(tokens.access_token))).rejects.toMatchObject({ status: 401 });
});
