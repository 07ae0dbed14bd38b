// The servers `pnpm bench` measures, each with its fake API and the calls the issue names.
import { fileURLToPath } from "node:url";

const path = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Replays recorded upstream requests as plain GETs with the same credential (the raw-fetch baseline). */
function replay(baseUrl, headers) {
  const origin = new URL(baseUrl).origin;
  return (recorded) =>
    recorded.map((request) => {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query ?? {})) {
        for (const item of [value].flat()) query.append(key, String(item));
      }
      return { url: `${origin}${request.path}${query.size ? `?${query}` : ""}`, headers };
    });
}

export const targets = [
  {
    name: "intervals-mcp",
    bin: path("../apps/intervals-mcp/dist/bin.js"),
    startFake: async () => {
      const { startFakeIntervals } = await import("../packages/intervals-icu/dist/testing/index.js");
      return startFakeIntervals({ seed: 1, days: 120 });
    },
    env: (fake) => ({ INTERVALS_API_KEY: fake.apiKey, INTERVALS_API_BASE_URL: fake.url }),
    upstreamRequests: (fake, recorded) =>
      replay(fake.url, {
        authorization: `Basic ${Buffer.from(`API_KEY:${fake.apiKey}`).toString("base64")}`,
      })(recorded),
    calls: [
      {
        label: "get_activities (30)",
        tool: "get_activities",
        arguments: { start_date: daysAgo(90), limit: 30 },
        items: (data) => data?.activities?.length ?? 0,
        unit: "activity",
      },
    ],
    loadCall: { tool: "get_activities", arguments: { start_date: daysAgo(90), limit: 30 } },
  },
  {
    name: "polar-mcp",
    bin: path("../apps/polar-mcp/dist/bin.js"),
    startFake: async () => {
      const { startFakePolar } = await import("../packages/polar-metrics/dist/testing/index.js");
      return startFakePolar({ seed: 1 });
    },
    env: (fake) => ({ POLAR_ACCESS_TOKEN: fake.token, POLAR_API_BASE_URL: fake.url }),
    upstreamRequests: (fake, recorded) =>
      replay(fake.url, { authorization: `Bearer ${fake.token}`, "polar-version": "2026-04" })(recorded),
    calls: [
      {
        label: "get_metrics (4 metrics, 90 days)",
        tool: "get_metrics",
        arguments: {
          metric_names: ["revenue", "orders", "monthly_recurring_revenue", "active_subscriptions"],
          time_range: "last_90_days",
          include_periods: true,
        },
        items: (data) => data?.periods?.length ?? 0,
        unit: "period",
      },
    ],
    loadCall: {
      tool: "get_metrics",
      arguments: { metric_names: ["revenue", "orders"], time_range: "last_30_days" },
    },
  },
];
