import { type AnyToolDefinition, type Logger, selectTools } from "@mcp-connectors/tool-builder";

/** What the start line says about a server that has begun to serve. */
export interface StartFacts {
  name: string;
  version: string;
  transport: "stdio" | "http" | "sse";
  /** The HTTP address and what it serves, e.g. `http://127.0.0.1:3000 (Streamable HTTP at /mcp, …)`. */
  listening?: string;
  /** The API the server calls, for the operator to see which one. */
  upstream: string | undefined;
  readOnly: boolean;
  tools: number;
}

/** Counts the tools a server offers with these settings (the same selection as registration). */
export function offeredToolCount(
  tools: readonly AnyToolDefinition[],
  selection: Parameters<typeof selectTools>[1],
): number {
  return selectTools(tools, selection).length;
}

/**
 * Logs the one line an operator looks for first: name, version, transport and address, upstream, whether
 * writes are offered, and how many tools. Over HTTP it keeps the form `listening on <url> …`.
 */
export function logStart(log: Logger, facts: StartFacts): void {
  const where = facts.listening ? `listening on ${facts.listening}` : `serving ${facts.transport}`;
  const access = facts.readOnly ? "read-only" : "reads and writes";
  log.info(
    `${facts.name} ${facts.version} ${where}; upstream ${facts.upstream ?? "(none)"}; ${access}; ${facts.tools} tools`,
    {
      version: facts.version,
      transport: facts.transport,
      upstream: facts.upstream,
      readOnly: facts.readOnly,
      tools: facts.tools,
    },
  );
}
