import { afterAll, beforeAll, expect, test } from "vitest";
import { createIntervalsClient } from "../src/index.js";
import { type FakeIntervals, startFakeIntervals } from "../src/testing/index.js";
import { TODAY } from "./helpers.js";

const REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";
let fake: FakeIntervals;
let origin: string;

beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 2, today: TODAY });
  origin = new URL(fake.url).origin;
});
afterAll(() => fake.close());

/** Signs in on the fake's page as `athlete` and exchanges the code, as an app's server does. */
async function signIn(athlete: string, secret = fake.oauth.clientSecret) {
  const authorize = new URL("/oauth/authorize", origin);
  authorize.search = new URLSearchParams({
    client_id: fake.oauth.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "ACTIVITY:READ,WELLNESS:READ",
    state: "s1",
  }).toString();
  const page = await fetch(authorize);
  expect(await page.text()).toContain('<form method="post"');
  const submitted = await fetch(authorize, {
    method: "POST",
    body: new URLSearchParams({ athlete }),
    redirect: "manual",
  });
  const back = new URL(submitted.headers.get("location") ?? "");
  expect(back.searchParams.get("state")).toBe("s1");
  const exchange = () =>
    fetch(new URL("/api/oauth/token", origin), {
      method: "POST",
      body: new URLSearchParams({
        client_id: fake.oauth.clientId,
        client_secret: secret,
        code: back.searchParams.get("code") ?? "",
      }),
    });
  const response = await exchange();
  const reused = await exchange();
  return { response, reused };
}

test("a signed-in athlete's bearer token reads that athlete's data, until revoked", async () => {
  const { response, reused } = await signIn("i7001");
  expect(response.status).toBe(200);
  const body = (await response.json()) as { access_token: string };
  expect(body).toEqual({
    token_type: "Bearer",
    access_token: expect.stringMatching(/^fake-intervals-access-/),
    scope: "ACTIVITY:READ,WELLNESS:READ",
    athlete: { id: "i7001", name: "Athlete i7001" },
  });
  expect(reused.status).toBe(400);

  const client = createIntervalsClient({
    accessToken: body.access_token,
    baseUrl: fake.url,
    retry: { limit: 0 },
  });
  expect((await client.athlete.get()).id).toBe("i7001");
  const own = (await signIn(fake.athleteId)).response;
  const ownClient = createIntervalsClient({
    accessToken: ((await own.json()) as { access_token: string }).access_token,
    baseUrl: fake.url,
  });
  expect((await ownClient.athlete.get()).id).toBe(fake.athleteId);

  fake.oauth.revokeAthlete("i7001");
  await expect(client.athlete.get()).rejects.toMatchObject({ status: 401 });
});

test("a wrong client secret is refused", async () => {
  const { response } = await signIn("i7002", "not-the-secret");
  expect(response.status).toBe(401);
});
