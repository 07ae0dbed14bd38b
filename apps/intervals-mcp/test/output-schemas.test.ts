import { startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { connectClient, type ObjectSchemaLike, undeclaredKeys } from "@mcp-connectors/test-kit";
import { describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

describe("output schemas", () => {
  it("declare every key a tool returns, against the demo fake", async () => {
    const fake = await startFakeIntervals({ seed: 7 });
    const server = await connectClient({ transport: "stdio", script: BIN, env: envFor(fake) });
    try {
      const { tools } = await server.client.listTools();
      const activity = fake.store.activities.find((a) => a.source !== "STRAVA") as { id: string };
      const event = [...fake.store.events.values()][0] as { id: number };
      const calls: Record<string, Record<string, unknown>> = {
        get_athlete: {},
        get_activities: {},
        get_activity_details: { activity_id: activity.id },
        get_activity_intervals: { activity_id: activity.id },
        get_activity_streams: { activity_id: activity.id },
        get_events: {},
        get_event_by_id: { event_id: event.id },
        get_fitness: {},
        get_wellness_data: {},
        get_power_curves: {},
        get_hr_curves: {},
        get_pace_curves: {},
        update_wellness: { date: fake.store.today, weight: 70 },
        add_or_update_event: { date: fake.store.today, category: "NOTE", name: "Schema check" },
        delete_event: { event_id: event.id },
      };
      const report: Record<string, string[]> = {};
      for (const tool of tools) {
        const args = calls[tool.name];
        expect(args, `no call for ${tool.name}`).toBeDefined();
        const result = await call(server.client, tool.name, args);
        expect(result.isError, `${tool.name}: ${result.text}`).toBe(false);
        const missing = undeclaredKeys(result.data, tool.outputSchema as ObjectSchemaLike);
        if (missing.length) report[tool.name] = missing;
      }
      expect(report).toEqual({});
    } finally {
      await server.close();
      await fake.close();
    }
  });
});
