import { inspect } from "node:util";
import { expect, test } from "vitest";
import type { Fault } from "../src/testing/index.js";
import { clientFor, rejectionOf, startFake } from "./helpers.js";

const CANARY = "canary-5e1f0c9d2b7a4-do-not-leak";
const CANARY_BASIC = Buffer.from(`API_KEY:${CANARY}`).toString("base64");

function everyRendering(error: unknown): string {
  const asError = error as Error;
  return [
    String(error),
    asError.message,
    asError.stack ?? "",
    JSON.stringify(error),
    inspect(error, { depth: 20, showHidden: true }),
    inspect(asError.cause, { depth: 20, showHidden: true }),
  ].join("\n");
}

const faults: Fault[] = [
  { route: "getAthlete", type: "status", status: 403 },
  { route: "getAthlete", type: "status", status: 404 },
  { route: "getAthlete", type: "status", status: 422, message: `bad key ${CANARY}` },
  { route: "getAthlete", type: "status", status: 429, retryAfter: 9999 },
  { route: "getAthlete", type: "status", status: 500 },
  { route: "getAthlete", type: "html", status: 503 },
  { route: "getAthlete", type: "malformedJson" },
  { route: "getAthlete", type: "slow", delayMs: 500 },
  { route: "getAthlete", type: "drop" },
];

test.each(faults)("no rendering of a $type $status error contains the key", async (fault) => {
  const fake = await startFake({ apiKey: CANARY, faults: [fault] });
  const error = await rejectionOf(clientFor(fake, { timeoutMs: 100, retry: false }).athlete.get());
  const text = everyRendering(error);
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(CANARY_BASIC);
  expect(text).not.toMatch(/authorization/i);
});

test("a rejected key or token never appears in the error", async () => {
  const fake = await startFake();
  for (const client of [clientFor(fake, { apiKey: CANARY }), clientFor(fake, { accessToken: CANARY })]) {
    const text = everyRendering(await rejectionOf(client.athlete.get()));
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(CANARY_BASIC);
  }
});

test("network errors carry a cause without the key", async () => {
  const fake = await startFake({ apiKey: CANARY });
  const client = clientFor(fake, { retry: false });
  await fake.close();
  const text = everyRendering(await rejectionOf(client.athlete.get()));
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(CANARY_BASIC);
});

test("the client object does not show the key when inspected", async () => {
  const fake = await startFake({ apiKey: CANARY });
  const client = clientFor(fake);
  expect(inspect(client, { depth: 20, showHidden: true })).not.toContain(CANARY);
  expect(JSON.stringify(await client.athlete.get())).not.toContain(CANARY);
});

test("the fake records requests without credentials", async () => {
  const fake = await startFake({ apiKey: CANARY });
  await clientFor(fake).athlete.get();
  expect(JSON.stringify(fake.requests)).not.toContain(CANARY);
  expect(JSON.stringify(fake.requests)).not.toContain(CANARY_BASIC);
});
