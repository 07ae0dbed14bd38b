import { fileURLToPath } from "node:url";
import type { FakeIntervals } from "@mcp-connectors/intervals-icu/testing";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

/** The built bin, as users run it. */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** Environment for a server reading the fake: its URL and key, no retries, nothing inherited. */
export function envFor(
  fake: FakeIntervals | undefined,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    INTERVALS_API_KEY: fake?.apiKey,
    INTERVALS_API_BASE_URL: fake?.url,
    INTERVALS_MAX_RETRIES: "0",
    INTERVALS_ACCESS_TOKEN: undefined,
    INTERVALS_ATHLETE_ID: undefined,
    API_KEY: undefined,
    ATHLETE_ID: undefined,
    MCP_AUTH_TOKEN: undefined,
    MCP_TRANSPORT: undefined,
    ...extra,
  };
}

export interface CallResult {
  isError: boolean;
  text: string;
  data: Record<string, unknown>;
}

/** Calls a tool and returns its text, structured data and whether it failed. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallResult> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  return {
    isError: result.isError === true,
    text: content.map((part) => part.text ?? "").join("\n"),
    data: (result.structuredContent ?? {}) as Record<string, unknown>,
  };
}

export type Row = Record<string, unknown>;
export const rows = (value: unknown) => value as Row[];

/**
 * The fakes the end-to-end suites run against: the default one, and the strict one, which serves the
 * narrowest answers the API description allows (fields honoured literally, no nulls, undocumented keys).
 */
export const fakeModes = [
  { name: "default", strict: false },
  { name: "strict", strict: true },
];
