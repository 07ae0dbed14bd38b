import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "@mcp-connectors/test-kit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const script = new URL("../examples/notes-server.ts", import.meta.url).pathname;

describe.each(["stdio", "http", "sse"] as const)("the README's example server over %s", (transport) => {
  let server: HttpServerProcess | undefined;
  let connected: ConnectedClient;
  beforeAll(async () => {
    if (transport === "stdio") connected = await connectClient({ transport, script });
    else {
      server = await startHttpServerProcess({ script });
      connected = await connectClient({ transport, server });
    }
  });
  afterAll(async () => {
    await connected.close();
    if (server) expect(await server.stop()).toBe(0);
  });

  test("lists its tools and answers them", async () => {
    const { client } = connected;
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["read_note", "save_note"]);
    const missing = await client.callTool({ name: "read_note", arguments: { title: "todo" } });
    expect(missing.isError).toBe(true);
    expect(missing.content).toEqual([
      { type: "text", text: 'No note is titled "todo"; save one with save_note first.' },
    ]);
    const saved = await client.callTool({ name: "save_note", arguments: { title: "todo", text: "ship it" } });
    expect(saved.structuredContent).toEqual({ title: "todo", characters: 7 });
    const found = await client.callTool({ name: "read_note", arguments: { title: "todo" } });
    // Over HTTP each request gets a fresh server, but the notes live in the process, so they persist.
    expect(found.structuredContent).toEqual({ title: "todo", text: "ship it" });
  });
});
