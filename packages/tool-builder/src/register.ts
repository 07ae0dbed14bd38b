import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  ListToolsRequestSchema,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { REPORT_UPSTREAM_REFUSAL, UPSTREAM_CREDENTIAL } from "./auth-info.js";
import { compactSchema } from "./compact-schema.js";
import { type ErrorMapper, toToolError } from "./errors.js";
import { createLogger, type Logger, withRedaction } from "./logger.js";
import { checkPeers } from "./peer-check.js";
import { createRedactor, type Redactor } from "./redact.js";
import { boundText, describeTruncation, dropNulls, fitToBudgetAsJson, renderCompactText } from "./render.js";
import { type AnyToolDefinition, sortToolsByName, type ToolContext, type ToolData } from "./tool.js";
import { runInToolCall } from "./upstream-events.js";

/** Which tools a server offers. */
export interface ToolSelection {
  /** Offer only tools that are annotated read-only. */
  readOnly?: boolean;
  /** Offer only these tools (by name). */
  allow?: readonly string[];
  /** Never offer these tools (by name). */
  deny?: readonly string[];
  /** Offer destructive tools; they are left out unless this is true. */
  enableDestructive?: boolean;
}

export interface RegisterOptions extends ToolSelection {
  /** Turns the app's own errors (an API client's, say) into ToolErrors with actionable messages. */
  mapError?: ErrorMapper;
  /** Scrubs secrets from every result and log line. */
  redact?: Redactor;
  logger?: Logger;
  /**
   * The most characters a result may carry (default 20,000): its JSON is fitted by shortening the longest
   * lists, then the longest strings, and its text (or error message) is cut to this length, each with a note.
   */
  maxOutputChars?: number;
  /**
   * Answer `tools/list` from these tools alone, without the `$schema` and `execution` keys the SDK adds to
   * every tool and with schema keywords that tell a client nothing left out (they cost tokens and say nothing
   * to a model; see compact-schema.ts). Leave it off when other code registers tools
   * on the same server, or they would not be listed. `createMcpServer` turns it on.
   */
  leanToolList?: boolean;
  /**
   * The tools' JSON Schemas as {@link listedSchemas} computes them, computed once at build (as the apps'
   * `scripts/build-app.mjs` does): with `leanToolList`, `tools/list` shows them instead of converting every
   * zod schema at start. A tool missing here is converted at start as before.
   */
  toolSchemas?: Readonly<Record<string, ListedSchemas>>;
}

/** A tool's JSON Schemas as `tools/list` shows them. */
export interface ListedSchemas {
  inputSchema: Tool["inputSchema"];
  outputSchema?: Tool["outputSchema"];
}

const DEFAULT_MAX_OUTPUT_CHARS = 20_000;

/** The `_meta` key of a shortened result: how many items each list lost, by path. */
export const TRUNCATED_META_KEY = "io.github.mcp-connectors/truncated";

/**
 * The tools a selection offers, in name order.
 * @throws TypeError when `allow` or `deny` names a tool that does not exist, so a typo is not silently ignored.
 */
export function selectTools<T extends AnyToolDefinition>(
  tools: readonly T[],
  selection: ToolSelection = {},
): T[] {
  const sorted = sortToolsByName(tools);
  const known = new Set(sorted.map((tool) => tool.name));
  for (const name of [...(selection.allow ?? []), ...(selection.deny ?? [])]) {
    if (!known.has(name)) {
      throw new TypeError(`Unknown tool "${name}"; the tools are: ${[...known].join(", ")}.`);
    }
  }
  return sorted.filter((tool) => {
    if (selection.allow && !selection.allow.includes(tool.name)) return false;
    if (selection.deny?.includes(tool.name)) return false;
    if (selection.readOnly && !tool.annotations.readOnlyHint) return false;
    if (tool.annotations.destructiveHint && !tool.annotations.readOnlyHint && !selection.enableDestructive) {
      return false;
    }
    return true;
  });
}

/**
 * What `registerTools` needs of a server: the `registerTool` of `McpServer` from `@modelcontextprotocol/sdk`
 * 1.x or from `@modelcontextprotocol/server` 2.x.
 */
export interface ToolRegistry {
  registerTool(
    name: string,
    config: {
      title?: string;
      description?: string;
      inputSchema?: AnyToolDefinition["input"];
      outputSchema?: AnyToolDefinition["output"];
      annotations?: Tool["annotations"];
    },
    // biome-ignore lint/suspicious/noExplicitAny: the two SDK generations type their callbacks differently
    callback: (args: any, extra: any) => Promise<CallToolResult>,
  ): unknown;
}

type HandlerExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The 2.x SDK hands a handler a context grouped by request (`mcpReq`) and transport (`http`). */
interface ContextV2 {
  mcpReq: {
    signal: AbortSignal;
    _meta?: HandlerExtra["_meta"];
    notify(notification: ServerNotification): Promise<void>;
  };
  http?: { authInfo?: HandlerExtra["authInfo"] };
}

/** The parts of a request a tool needs, from either SDK generation's handler context. */
function requestOf(extra: HandlerExtra | ContextV2) {
  return "mcpReq" in extra
    ? {
        signal: extra.mcpReq.signal,
        meta: extra.mcpReq._meta,
        notify: extra.mcpReq.notify,
        auth: extra.http?.authInfo,
      }
    : { signal: extra.signal, meta: extra._meta, notify: extra.sendNotification, auth: extra.authInfo };
}

function upstreamCredentialOf(request: ReturnType<typeof requestOf>): string | undefined {
  const value = request.auth?.extra?.[UPSTREAM_CREDENTIAL];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Under OAuth sign-in, tells the server that the upstream refused this user's token (see `REPORT_UPSTREAM_REFUSAL`). */
function reportUpstreamRefusal(request: ReturnType<typeof requestOf>): void {
  const report = request.auth?.extra?.[REPORT_UPSTREAM_REFUSAL];
  if (typeof report === "function") Promise.resolve(report()).catch(() => {});
}

function contextFor(
  request: ReturnType<typeof requestOf>,
  log: Logger,
  credential: string | undefined,
): ToolContext {
  const token = request.meta?.progressToken;
  return {
    signal: request.signal,
    log,
    credential,
    progress:
      token === undefined
        ? async () => {}
        : (progress, total, message) =>
            request.notify({
              method: "notifications/progress",
              params: { progressToken: token, progress, total, message },
            }),
  };
}

/** The data with secrets scrubbed, and its JSON. */
function redactData(data: ToolData, redact: Redactor): { data: ToolData; json: string } {
  const json = JSON.stringify(data) ?? "";
  const clean = redact(json);
  return clean === json ? { data, json } : { data: JSON.parse(clean) as ToolData, json: clean };
}

/** The text of a result cut to the budget, keeping the line that says what the data lost. */
function withinBudget(text: string, note: string, maxChars: number): string {
  if (!note) return boundText(text, maxChars);
  return `${boundText(text, Math.max(0, maxChars - note.length - 1))}\n${note}`;
}

/** Runs one tool call: handler, output validation, compact rendering, and errors as `isError` results. */
async function callTool(
  tool: AnyToolDefinition,
  args: unknown,
  extra: HandlerExtra | ContextV2,
  options: Required<Pick<RegisterOptions, "redact" | "logger" | "maxOutputChars">> & RegisterOptions,
): Promise<CallToolResult> {
  const request = requestOf(extra);
  const credential = upstreamCredentialOf(request);
  const redact = credential ? options.redact.with(credential) : options.redact;
  const log = credential ? withRedaction(options.logger, redact) : options.logger;
  try {
    const context = contextFor(request, log, credential);
    const raw = dropNulls(await runInToolCall(context, () => tool.handler(args, context)));
    let data = raw as ToolData;
    if (tool.output) {
      const parsed = tool.output.safeParse(raw);
      if (!parsed.success) {
        log.error(`tool ${tool.name} returned data that does not match its output schema`, {
          issues: parsed.error.issues.map(
            (issue: { path: PropertyKey[]; message: string }) =>
              `${issue.path.map(String).join(".")}: ${issue.message}`,
          ),
        });
        throw new Error("output validation failed");
      }
      data = parsed.data as ToolData;
    }
    // Scrubbed before it is fitted: a string cut through a secret would leave its first characters behind.
    const clean = redactData(data, redact);
    const { data: fitted, truncated } = fitToBudgetAsJson(clean.data, options.maxOutputChars, clean.json);
    const note = describeTruncation(truncated);
    const text = tool.render ? tool.render(fitted) : renderCompactText(fitted);
    return {
      // Redacted before it is bounded: a cut through a secret would leave its first characters behind.
      content: [{ type: "text", text: withinBudget(redact(text), note, options.maxOutputChars) }],
      structuredContent: fitted,
      // In _meta, not in the data, so that shortened data still matches a strict output schema.
      ...(note && { _meta: { [TRUNCATED_META_KEY]: truncated } }),
    };
  } catch (error) {
    const toolError = toToolError(error, options.mapError, {
      credentialFrom: credential ? "request" : "server",
    });
    if (toolError.kind === "authentication") reportUpstreamRefusal(request);
    if (toolError.kind === "internal") {
      log.error(`tool ${tool.name} failed`, {
        error: error instanceof Error ? error.message : String(error),
        ...(error instanceof Error && error.cause !== undefined && { cause: String(error.cause) }),
      });
    } else {
      log.warn(`tool ${tool.name} answered an error (${toolError.kind}): ${toolError.message}`);
    }
    return {
      isError: true,
      content: [{ type: "text", text: boundText(redact(toolError.message), options.maxOutputChars) }],
    };
  }
}

function listedSchema(schema: Record<string, unknown>, output: boolean): Tool["inputSchema"] {
  const { $schema: _ignored, ...rest } = schema;
  return compactSchema(rest, { output }) as Tool["inputSchema"];
}

/** A tool's JSON Schemas as `tools/list` shows them: zod → JSON Schema (draft-7), compacted. */
function schemasOf(tool: AnyToolDefinition): ListedSchemas {
  return {
    // What the SDK's own listing does for zod 4 schemas (draft-7), without importing its compat module,
    // which SDKs before 1.23 lack: that would fail at import, before checkPeers could name the versions.
    inputSchema: listedSchema(z.toJSONSchema(tool.input, { target: "draft-7", io: "input" }), false),
    ...(tool.output && {
      outputSchema: listedSchema(z.toJSONSchema(tool.output, { target: "draft-7", io: "output" }), true),
    }),
  };
}

/**
 * The JSON Schemas `tools/list` shows for each tool, by name: what `registerTools` computes at start
 * unless given them as `toolSchemas`. An app's build computes them once, with the zod the tools are built with.
 */
export function listedSchemas(tools: readonly AnyToolDefinition[]): Record<string, ListedSchemas> {
  return Object.fromEntries(tools.map((tool) => [tool.name, schemasOf(tool)]));
}

// Converted once per definition: over stateless HTTP every request registers the tools again.
const convertedSchemas = new WeakMap<AnyToolDefinition, ListedSchemas>();

/** A tool as `tools/list` shows it, with the schemas computed at build when given them. */
function listedTool(tool: AnyToolDefinition, built: RegisterOptions["toolSchemas"]): Tool {
  let schemas = built && Object.hasOwn(built, tool.name) ? built[tool.name] : convertedSchemas.get(tool);
  if (!schemas) {
    schemas = schemasOf(tool);
    convertedSchemas.set(tool, schemas);
  }
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: schemas.inputSchema,
    ...(schemas.outputSchema && { outputSchema: schemas.outputSchema }),
    annotations: { ...tool.annotations },
  };
}

/**
 * Registers tool definitions on an `McpServer` (SDK 1.x, or 2.x's `@modelcontextprotocol/server`), in name order, each wrapped so that it returns
 * `structuredContent` plus compact text, maps every error to an `isError` result and never leaks a secret.
 * @returns the names of the tools that were registered after filtering
 */
export function registerTools(
  server: McpServer | ToolRegistry,
  tools: readonly AnyToolDefinition[],
  options: RegisterOptions = {},
): string[] {
  checkPeers(tools);
  const redact = options.redact ?? createRedactor();
  const resolved = {
    ...options,
    redact,
    logger: options.logger ?? createLogger({ name: "tools", redact }),
    maxOutputChars: options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS,
  };
  const selected = selectTools(tools, options);
  const lean = options.leanToolList === true && server instanceof McpServer;
  for (const tool of selected) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        // callTool already checks every result against the output schema; with the lean list, which shows
        // the schema itself, the SDK is not asked to check it a second time.
        outputSchema: lean ? undefined : tool.output,
        annotations: { ...tool.annotations },
      },
      (args: unknown, extra: HandlerExtra | ContextV2) => callTool(tool, args, extra, resolved),
    );
  }
  if (lean) {
    const listed = selected.map((tool) => listedTool(tool, options.toolSchemas));
    server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  }
  return selected.map((tool) => tool.name);
}
