import { type FakeIntervals, startFakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import { connectClient } from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, call, envFor } from "./helpers.js";

const READ_TOOLS = [
  "get_activities",
  "get_activity_details",
  "get_activity_intervals",
  "get_activity_streams",
  "get_athlete",
  "get_event_by_id",
  "get_events",
  "get_fitness",
  "get_hr_curves",
  "get_pace_curves",
  "get_power_curves",
  "get_wellness_data",
];
const WRITE_TOOLS = ["add_or_update_event", "update_wellness"];

let fake: FakeIntervals;
beforeAll(async () => {
  fake = await startFakeIntervals({ seed: 3 });
});
afterAll(async () => {
  await fake?.close();
});

async function listed(args: string[]) {
  const server = await connectClient({ transport: "stdio", script: BIN, args, env: envFor(fake) });
  try {
    const { tools } = await server.client.listTools();
    const eventId = [...fake.store.events.keys()][0];
    const deletion = await call(server.client, "delete_event", { event_id: eventId });
    return { tools, deletion };
  } finally {
    await server.close();
  }
}

describe("the advertised tool list", () => {
  it("offers read and write tools, each with a title, all four hints and an output schema", async () => {
    const { tools, deletion } = await listed([]);
    expect(tools.map((tool) => tool.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeDefined();
      const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = tool.annotations ?? {};
      for (const hint of [readOnlyHint, destructiveHint, idempotentHint, openWorldHint]) {
        expect(typeof hint, tool.name).toBe("boolean");
      }
      expect(readOnlyHint, tool.name).toBe(READ_TOOLS.includes(tool.name));
      expect(destructiveHint, tool.name).toBe(false);
      expect(openWorldHint, tool.name).toBe(true);
    }
    expect(deletion.isError).toBe(true);
    expect(deletion.text).toMatch(/delete_event/);
  });

  // 15.8 KB while several output schemas were placeholders; declaring every returned field (about 200, some
  // 25 bytes each once compacted) brought it to 25.4 KB with every tool. The bound catches growth beyond that.
  it("stays lean: the whole tools/list answer is under 26 KB", async () => {
    const { tools } = await listed(["--enable-destructive"]);
    const size = JSON.stringify({ tools }).length;
    console.log(`tools/list with every tool: ${size} bytes`);
    expect(size).toBeLessThan(26_000);
  });

  it("offers delete_event, marked destructive, only with --enable-destructive", async () => {
    const before = fake.store.events.size;
    const { tools, deletion } = await listed(["--enable-destructive"]);
    const tool = tools.find((t) => t.name === "delete_event");
    expect(tool?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(deletion.isError).toBe(false);
    expect(fake.store.events.size).toBe(before - 1);
  });

  it("offers only read tools with --read-only, even with --enable-destructive", async () => {
    const { tools } = await listed(["--read-only", "--enable-destructive"]);
    expect(tools.map((tool) => tool.name).sort()).toEqual(READ_TOOLS);
  });
});
