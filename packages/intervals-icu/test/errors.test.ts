import { describe, expect, test } from "vitest";
import {
  IntervalsAuthenticationError,
  type IntervalsError,
  IntervalsNetworkError,
  IntervalsNotFoundError,
  IntervalsPermissionError,
  IntervalsRateLimitError,
  IntervalsResponseError,
  IntervalsServerError,
  IntervalsTimeoutError,
  IntervalsValidationError,
} from "../src/index.js";
import { clientFor, rejectionOf, startFake, TODAY } from "./helpers.js";

describe("every failure becomes one typed error", () => {
  test("a wrong API key is an authentication error (401)", async () => {
    const fake = await startFake();
    const error = await rejectionOf(clientFor(fake, { apiKey: "not-the-key" }).athlete.get());
    expect(error).toBeInstanceOf(IntervalsAuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      method: "GET",
      path: "/api/v1/athlete/0",
      kind: "authentication",
    });
    expect((error as Error).message).toMatch(/Settings → Developer Settings/);
  });

  test("a personal key sent as Bearer is a permission error, like the live API", async () => {
    const fake = await startFake();
    const error = await rejectionOf(clientFor(fake, { accessToken: fake.apiKey }).athlete.get());
    expect(error).toBeInstanceOf(IntervalsPermissionError);
    expect(error).toMatchObject({ status: 403, apiMessage: "Access denied" });
    expect((error as Error).message).toMatch(/Basic auth \(not Bearer\)/);
  });

  test("an OAuth access token works as Bearer", async () => {
    const fake = await startFake();
    expect((await clientFor(fake, { accessToken: fake.accessToken }).athlete.get()).id).toBe(fake.athleteId);
    expect(fake.requests.at(-1)?.auth).toBe("bearer");
  });

  test("a missing activity is not found (404) with the API's message", async () => {
    const fake = await startFake();
    const error = await rejectionOf(clientFor(fake).activities.get("i1"));
    expect(error).toBeInstanceOf(IntervalsNotFoundError);
    expect(error).toMatchObject({
      status: 404,
      apiMessage: "Activity not found",
      path: "/api/v1/activity/i1",
    });
  });

  test("a rejected parameter is a validation error carrying the API's message", async () => {
    const fake = await startFake();
    const error = await rejectionOf(
      clientFor(fake).activities.streams(String(fake.store.activities[5]?.id), { types: ["gap"] }),
    );
    expect(error).toBeInstanceOf(IntervalsValidationError);
    expect(error).toMatchObject({ status: 422, apiMessage: "Invalid stream type [gap]" });
    expect(fake.requests).toHaveLength(1);
  });

  test.each([500, 502, 503])("HTTP %i is a server error after the retries", async (status) => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status }] });
    const error = await rejectionOf(clientFor(fake).athlete.get());
    expect(error).toBeInstanceOf(IntervalsServerError);
    expect(error).toMatchObject({ status, retryable: true });
    expect(fake.requests).toHaveLength(3);
  });

  test("an HTML error page from the CDN is a server error that says so", async () => {
    const fake = await startFake({ faults: [{ route: "listGear", type: "html", status: 502 }] });
    const error = await rejectionOf(clientFor(fake, { retry: false }).gear.list());
    expect(error).toBeInstanceOf(IntervalsServerError);
    expect((error as IntervalsError).apiMessage).toMatch(/HTML page/);
  });

  test("an HTML 403 challenge is a permission error", async () => {
    const fake = await startFake({ faults: [{ route: "listGear", type: "html", status: 403 }] });
    const error = await rejectionOf(clientFor(fake).gear.list());
    expect(error).toBeInstanceOf(IntervalsPermissionError);
    expect((error as IntervalsError).apiMessage).toMatch(/CDN challenge/);
  });

  test("malformed JSON in a 200 answer is a server error", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "malformedJson", times: 1 }] });
    const error = await rejectionOf(clientFor(fake).athlete.get());
    expect(error).toBeInstanceOf(IntervalsServerError);
    expect((error as Error).message).toMatch(/sent a body that is not JSON \(malformed\)/);
  });

  test("a body without a value the result needs is a response error naming the field, not retried", async () => {
    const fake = await startFake();
    fake.store.gear.push({ name: "no id" });
    const error = await rejectionOf(clientFor(fake).gear.list());
    expect(error).toBeInstanceOf(IntervalsResponseError);
    expect(error).toMatchObject({ field: "id", retryable: false, kind: "upstream_unavailable" });
    expect((error as IntervalsError).apiMessage).toMatch(/^4\.id: /);
    expect((error as Error).message).toMatch(/without a usable "id"/);
    expect((error as Error).message).not.toMatch(/try again/);
    expect(fake.requests.filter((request) => request.route === "listGear")).toHaveLength(1);
  });

  test("a slow answer is a timeout", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "slow", delayMs: 1_000 }] });
    const error = await rejectionOf(clientFor(fake, { timeoutMs: 100, retry: false }).athlete.get());
    expect(error).toBeInstanceOf(IntervalsTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, status: undefined });
  });

  test("a dropped connection is a network error, retried for GET", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "drop" }] });
    const error = await rejectionOf(clientFor(fake).athlete.get());
    expect(error).toBeInstanceOf(IntervalsNetworkError);
    expect(fake.requests).toHaveLength(3);
  });

  test("nobody listening is a network error", async () => {
    const fake = await startFake();
    const client = clientFor(fake, { retry: false });
    await fake.close();
    const error = await rejectionOf(client.athlete.get());
    expect(error).toBeInstanceOf(IntervalsNetworkError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/ECONNREFUSED|fetch failed/);
  });

  test("errors serialise to plain, useful JSON", async () => {
    const fake = await startFake();
    const error = await rejectionOf(clientFor(fake).events.get(1));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "IntervalsNotFoundError",
      kind: "not_found",
      message: (error as Error).message,
      status: 404,
      method: "GET",
      path: "/api/v1/athlete/0/events/1",
      apiMessage: "Event not found",
      retryable: false,
    });
  });
});

describe("retries", () => {
  test("GET recovers from two 503s", async () => {
    const fake = await startFake({ faults: [{ route: "listGear", type: "status", status: 503, times: 2 }] });
    expect(await clientFor(fake).gear.list()).toHaveLength(4);
    expect(fake.requests.map((request) => request.status)).toEqual([503, 503, 200]);
  });

  test("429 waits for Retry-After, then succeeds", async () => {
    const fake = await startFake({
      faults: [{ route: "getAthlete", type: "status", status: 429, retryAfter: 1, times: 1 }],
    });
    await clientFor(fake).athlete.get();
    const [first, second] = fake.requests;
    expect(second && first ? second.at - first.at : 0).toBeGreaterThanOrEqual(950);
  });

  test("429 without Retry-After backs off and retries", async () => {
    const fake = await startFake({
      faults: [{ route: "getAthlete", type: "status", status: 429, times: 2 }],
    });
    await clientFor(fake).athlete.get();
    expect(fake.requests.map((request) => request.status)).toEqual([429, 429, 200]);
  });

  test("a Retry-After longer than allowed ends at once with a rate-limit error", async () => {
    const fake = await startFake({
      faults: [{ route: "getAthlete", type: "status", status: 429, retryAfter: 3600 }],
    });
    const error = await rejectionOf(clientFor(fake).athlete.get());
    expect(error).toBeInstanceOf(IntervalsRateLimitError);
    expect(error).toMatchObject({ retryAfterSeconds: 3600, status: 429 });
    expect((error as Error).message).toMatch(/wait 3600 seconds/);
    expect(fake.requests).toHaveLength(1);
  });

  test("429 with Retry-After as an HTTP date waits until that moment, then succeeds", async () => {
    // An HTTP date has whole seconds: two seconds ahead is between one and two seconds from now.
    const at = new Date(Date.now() + 2_000);
    const fake = await startFake({
      faults: [{ route: "getAthlete", type: "status", status: 429, retryAfter: at.toUTCString(), times: 1 }],
    });
    await clientFor(fake).athlete.get();
    const [first, second] = fake.requests;
    expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(second && first ? second.at - first.at : 0).toBeGreaterThanOrEqual(500);
  });

  test("a Retry-After date further away than allowed ends at once, with the seconds until it", async () => {
    const fake = await startFake({
      faults: [
        {
          route: "getAthlete",
          type: "status",
          status: 429,
          retryAfter: new Date(Date.now() + 3_600_000).toUTCString(),
        },
      ],
    });
    const error = await rejectionOf(clientFor(fake).athlete.get());
    expect(error).toBeInstanceOf(IntervalsRateLimitError);
    const seconds = (error as IntervalsRateLimitError).retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThan(3_590);
    expect(seconds).toBeLessThanOrEqual(3_600);
    expect((error as Error).message).toMatch(new RegExp(`wait ${seconds} seconds`));
    expect(fake.requests).toHaveLength(1);
  });

  test("rate limiting that outlasts the retries is a rate-limit error", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status: 429 }] });
    const error = await rejectionOf(clientFor(fake).athlete.get());
    expect(error).toBeInstanceOf(IntervalsRateLimitError);
    expect(fake.requests).toHaveLength(3);
  });

  test("4xx answers are never retried", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status: 422 }] });
    await rejectionOf(clientFor(fake).athlete.get());
    expect(fake.requests).toHaveLength(1);
  });

  test("a POST that failed after being applied is not repeated", async () => {
    const fake = await startFake({
      faults: [{ route: "createEvent", type: "drop", after: "handling", times: 1 }],
    });
    const before = fake.store.events.size;
    const error = await rejectionOf(
      clientFor(fake).events.create({ category: "NOTE", start_date_local: TODAY, name: "Once only" }),
    );
    expect(error).toBeInstanceOf(IntervalsNetworkError);
    expect(fake.requests).toHaveLength(1);
    expect(fake.store.events.size).toBe(before + 1);
  });

  test("a POST answered 503 is not retried", async () => {
    const fake = await startFake({ faults: [{ route: "createEvent", type: "status", status: 503 }] });
    await rejectionOf(
      clientFor(fake).events.create({ category: "NOTE", start_date_local: TODAY, name: "x" }),
    );
    expect(fake.requests).toHaveLength(1);
  });

  test("an upsert is retried safely and stores the event once", async () => {
    const fake = await startFake({
      faults: [{ route: "createEvents", type: "drop", after: "handling", times: 1 }],
    });
    const before = fake.store.events.size;
    const event = await clientFor(fake).events.upsert({
      category: "WORKOUT",
      start_date_local: TODAY,
      name: "Upserted",
      external_id: "plan-2025-06-15",
    });
    expect(event.name).toBe("Upserted");
    expect(fake.requests).toHaveLength(2);
    expect(fake.store.events.size).toBe(before + 1);
  });

  test("retry: false sends each request once", async () => {
    const fake = await startFake({ faults: [{ route: "getAthlete", type: "status", status: 503 }] });
    await rejectionOf(clientFor(fake, { retry: false }).athlete.get());
    expect(fake.requests).toHaveLength(1);
  });
});
