import { readFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { expect, test } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { defineTool, registerTools } from "../src/index.js";
import { checkPeers, sdkVersion } from "../src/peer-check.js";

const annotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
const tool = defineTool({
  name: "echo",
  title: "Echo",
  description: "Echoes.",
  input: z.object({ text: z.string() }),
  annotations,
  handler: ({ text }) => ({ text }),
});

test("sdkVersion reads the version of the SDK this package resolves", () => {
  const installed = JSON.parse(
    readFileSync(new URL("../node_modules/@modelcontextprotocol/sdk/package.json", import.meta.url), "utf8"),
  ) as { version: string };
  expect(sdkVersion()).toBe(installed.version);
});

test.each(["1.24.0", "1.32.2", "1.40.0-beta.1"])("SDK %s is accepted", (version) => {
  expect(() => checkPeers([tool], version)).not.toThrow();
});

test.each(["1.22.0", "1.23.1", "0.9.0", "2.0.0"])("SDK %s is refused, naming it and the range", (version) => {
  expect(() => checkPeers([tool], version)).toThrow(
    `@mcp-connectors/tool-builder needs @modelcontextprotocol/sdk ^1.24.0 (1.24 or newer 1.x) and zod ^4.0.0, but found @modelcontextprotocol/sdk ${version}`,
  );
});

test("a tool with a zod 3 schema is refused at registration, naming the tool and zod 4", () => {
  const old = { ...tool, name: "old", input: z3.object({ text: z3.string() }) } as unknown as typeof tool;
  expect(() => registerTools(new McpServer({ name: "t", version: "1" }), [old])).toThrow(
    /^Tool "old": its input schema is not a zod 4 schema .*needs zod \^4\.0\.0/,
  );
});
