import { addDays } from "@mcp-connectors/intervals-icu";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

type Json = Record<string, unknown>;

/** How one read-only tool fared against the account: whether it answered, never what it answered. */
export interface ToolRun {
  tool: string;
  ok: boolean;
  /** Characters of the answer's text, or the error's first sentence (the server's errors hold no data). */
  detail: string;
}

export interface ServerAccess {
  /** The built server, `dist/bin.js`. */
  bin: string;
  apiKey: string;
  /** `INTERVALS_API_BASE_URL`, for pointing the check at another server (the fake, in tests). */
  baseUrl?: string;
  /** The athlete's local today, for `project_to`; default the UTC date. */
  today?: string;
}

const firstSentence = (text: string) => (text.split(/(?<=[.!?])\s/)[0] ?? text).slice(0, 200);

/**
 * Starts the server as a user would (stdio, the key in its environment) and calls every read-only tool once
 * with ordinary arguments, ids taken from the previous answers.
 */
export async function runReadOnlyTools(access: ServerAccess): Promise<ToolRun[]> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [access.bin],
    env: {
      PATH: process.env.PATH ?? "",
      INTERVALS_API_KEY: access.apiKey,
      ...(access.baseUrl ? { INTERVALS_API_BASE_URL: access.baseUrl } : {}),
    },
    stderr: "ignore",
  });
  const client = new Client({ name: "intervals-smoke-check", version: "0.0.0" });
  await client.connect(transport);
  const runs: ToolRun[] = [];
  const call = async (tool: string, args: Json = {}): Promise<Json> => {
    const result = await client.callTool({ name: tool, arguments: args });
    const text = (result.content as Array<{ text?: string }>).map((part) => part.text ?? "").join("\n");
    const failed = result.isError === true;
    runs.push({ tool, ok: !failed, detail: failed ? firstSentence(text) : `${text.length} characters` });
    return failed ? {} : ((result.structuredContent ?? {}) as Json);
  };
  try {
    const today = access.today ?? new Date().toISOString().slice(0, 10);
    const list = await call("get_activities", { limit: 5 });
    const first = (list.activities as Json[] | undefined)?.[0];
    if (first) {
      await call("get_activity_details", { activity_id: first.id });
      await call("get_activity_intervals", { activity_id: first.id });
      await call("get_activity_streams", { activity_id: first.id, max_points: 20 });
    }
    await call("get_wellness_data");
    await call("get_fitness", { project_to: addDays(today, 14) });
    const events = await call("get_events", {
      start_date: addDays(today, -14),
      end_date: addDays(today, 14),
    });
    const event = (events.events as Json[] | undefined)?.[0];
    if (event) await call("get_event_by_id", { event_id: event.id });
    await call("get_athlete");
    await call("get_power_curves");
    await call("get_pace_curves");
    await call("get_hr_curves");
  } finally {
    await client.close();
  }
  return runs;
}
