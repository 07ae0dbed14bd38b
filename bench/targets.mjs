// The servers `pnpm bench` measures, each with its fake API, the calls the issue names and its targets.
import { fileURLToPath } from "node:url";

const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Turns requests a fake recorded into plain GETs with the same credential (the raw-fetch baseline). */
function replay(baseUrl, recorded, headers) {
  const origin = new URL(baseUrl).origin;
  return recorded.map((request) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      for (const item of [value].flat()) query.append(key, String(item));
    }
    return { url: `${origin}${request.path}${query.size ? `?${query}` : ""}`, headers };
  });
}

const activities = { start_date: daysAgo(90), limit: 30 };
const HTTP_KEYS = Array.from({ length: 256 }, (_, index) => `bench-intervals-key-${index}`);
const HTTP_TOKENS = Array.from({ length: 256 }, (_, index) => `polar_oat_bench${index}`);
const fourMetrics = {
  metric_names: ["revenue", "orders", "monthly_recurring_revenue", "active_subscriptions"],
  time_range: "last_90_days",
  include_periods: true,
};

export const targets = [
  {
    name: "intervals-mcp",
    packageDir: path("../apps/intervals-mcp"),
    startFake: async () => {
      const { startFakeIntervals } = await import("../packages/intervals-icu/dist/testing/index.js");
      return startFakeIntervals({ seed: 1, days: 120, moreApiKeys: HTTP_KEYS });
    },
    // Over stdio the key comes from the environment, as a desktop client runs the server.
    env: (fake) => ({ INTERVALS_API_KEY: fake.apiKey, INTERVALS_API_BASE_URL: fake.url }),
    // Over HTTP each request brings its own key, as a host serving many users runs it. The server holds
    // each key to the API's 10 requests/s, so the calls are spread over 256 keys the fake accepts (as
    // many people's): with one key, that limit would be the figure measured.
    httpEnv: (fake) => ({ INTERVALS_API_BASE_URL: fake.url }),
    httpHeaders: () => {
      let next = 0;
      return () => ({ "x-intervals-api-key": HTTP_KEYS[next++ % HTTP_KEYS.length] });
    },
    // The client allows 10 requests/s per key (Intervals.icu's stated limit); calls are paced below it.
    upstreamRequestsPerSecond: 10,
    upstreamRequests: (fake, recorded) =>
      replay(fake.url, recorded, {
        authorization: `Basic ${Buffer.from(`API_KEY:${fake.apiKey}`).toString("base64")}`,
      }),
    calls: [
      {
        label: "get_activities (30)",
        tool: "get_activities",
        arguments: activities,
        items: (data) => data?.activities?.length ?? 0,
        unit: "activity",
      },
    ],
    loadCall: { tool: "get_activities", arguments: activities },
    limits: { toolListBytes: 12_000, textBytesPerItem: 220 },
  },
  {
    name: "polar-mcp",
    packageDir: path("../apps/polar-mcp"),
    startFake: async () => {
      const { startFakePolar } = await import("../packages/polar-metrics/dist/testing/index.js");
      return startFakePolar({ seed: 1, moreTokens: HTTP_TOKENS });
    },
    // The fake has one token; its rate limit (500 a minute, as Polar's) is raised to measure the server.
    env: (fake) => ({
      POLAR_ACCESS_TOKEN: fake.token,
      POLAR_API_BASE_URL: fake.url,
      POLAR_MAX_REQUESTS_PER_MINUTE: "10000",
    }),
    // Over HTTP each request brings its own token, spread over 256 the fake accepts (as many people's), as for
    // Intervals: with one token, the server's per-token limit would be the figure measured.
    httpEnv: (fake) => ({ POLAR_API_BASE_URL: fake.url, POLAR_MAX_REQUESTS_PER_MINUTE: "10000" }),
    httpHeaders: () => {
      let next = 0;
      return () => ({ "x-polar-access-token": HTTP_TOKENS[next++ % HTTP_TOKENS.length] });
    },
    upstreamRequests: (fake, recorded) =>
      replay(fake.url, recorded, { authorization: `Bearer ${fake.token}`, "polar-version": "2026-04" }),
    calls: [
      {
        label: "get_metrics (4 metrics, 90 days)",
        tool: "get_metrics",
        arguments: fourMetrics,
        items: (data) => data?.periods?.length ?? 0,
        unit: "period",
      },
    ],
    // The fake computes every metrics answer from a year of orders (about 50 ms of this machine's CPU each,
    // where Polar's API would spend its own): under load it, not the server, would be measured, and 10,000
    // calls would take minutes. The HTTP phases list products, which goes through the same server, client
    // and HTTP path with an answer the fake finds at once.
    loadCall: { tool: "list_products", arguments: {} },
    limits: { toolListBytes: 8_000 },
  },
];
