import type { z } from "zod";
import type { Logger } from "./logger.js";

/**
 * The four behaviour hints of a tool. The protocol's defaults for missing hints are the unsafe ones
 * (a tool is assumed to write, destroy and reach the outside world), so every tool states all four.
 */
export interface ToolAnnotations {
  /** The tool does not change anything. */
  readOnlyHint: boolean;
  /** The tool may delete or overwrite data (only meaningful when `readOnlyHint` is false). */
  destructiveHint: boolean;
  /** Calling the tool twice with the same arguments has no further effect. */
  idempotentHint: boolean;
  /** The tool talks to an outside service whose contents are open-ended. */
  openWorldHint: boolean;
}

/** A read of an outside service that changes nothing: the hints of most connector tools. */
export const readOnlyAnnotations: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/** What a handler gets besides its parsed input. */
export interface ToolContext {
  /** Aborted when the client cancels the request or the connection closes. */
  signal: AbortSignal;
  /**
   * Reports progress to the client. A no-op unless the request carried a progress token.
   * @param progress work done so far, in any unit that grows
   * @param total the value `progress` reaches when done, if known
   */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** A logger that writes to stderr with secrets redacted. */
  log: Logger;
  /**
   * The upstream credential this request carried over HTTP (for example a per-user API key), or undefined.
   * Never store it: it belongs to this one request.
   */
  credential: string | undefined;
}

/** Plain JSON data a tool returns as its `structuredContent`. */
export type ToolData = Record<string, unknown>;

/** One MCP tool, defined once: schemas, annotations and a handler that returns plain data. */
export interface ToolDefinition<
  Input extends z.ZodObject = z.ZodObject,
  Output extends z.ZodObject = z.ZodObject,
> {
  /** 1–128 characters of `A-Za-z0-9_.-`, unique within a server. */
  name: string;
  /** A short human-readable name for hosts' UIs. */
  title: string;
  /** What the tool does, for the model. Keep it short: it is paid for in every conversation. */
  description: string;
  input: Input;
  /** The shape of the returned data; results are validated against it before they are sent. */
  output?: Output;
  annotations: ToolAnnotations;
  /** Returns the data; throw a {@link ToolError} (or anything `mapError` understands) to fail. */
  handler(input: z.output<Input>, context: ToolContext): Promise<z.input<Output>> | z.input<Output>;
  /** Renders the data as compact text for hosts that read only text; defaults to a generic rendering. */
  render?(data: z.output<Output>): string;
}

/** A tool definition with its types erased, as held in a list of tools. */
// biome-ignore lint/suspicious/noExplicitAny: a list of tools holds handlers of many input types
export type AnyToolDefinition = ToolDefinition<any, any>;

/**
 * A tool built around what each call needs to reach its API (a connection that gives the call its client,
 * with the request's own credential when a hosted server has one): how a connector's tools are written.
 */
export type ConnectedTool<Connection> = (connection: Connection) => AnyToolDefinition;

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const HINTS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;

/**
 * Checks a tool definition and returns it unchanged, typed.
 * @throws TypeError when the name is invalid, a field is missing or an annotation hint is not stated.
 */
export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  definition: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  if (!TOOL_NAME.test(definition.name)) {
    throw new TypeError(
      `Tool name "${definition.name}" is invalid: use 1–128 characters of letters, digits, "_", "." or "-".`,
    );
  }
  for (const field of ["title", "description"] as const) {
    if (typeof definition[field] !== "string" || definition[field].trim() === "") {
      throw new TypeError(`Tool "${definition.name}" needs a non-empty ${field}.`);
    }
  }
  const annotations = (definition.annotations ?? {}) as Partial<ToolAnnotations>;
  const missing = HINTS.filter((hint) => typeof annotations[hint] !== "boolean");
  if (missing.length > 0) {
    throw new TypeError(
      `Tool "${definition.name}" must state every annotation hint as true or false; missing: ${missing.join(", ")}.`,
    );
  }
  if (annotations.readOnlyHint && annotations.destructiveHint) {
    throw new TypeError(`Tool "${definition.name}" cannot be both read-only and destructive.`);
  }
  return definition;
}

/** Throws when two tools share a name; returns the tools in a deterministic (name) order. */
export function sortToolsByName<T extends { name: string }>(tools: readonly T[]): T[] {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name))
      throw new TypeError(`Two tools are named "${tool.name}"; tool names must be unique.`);
    seen.add(tool.name);
  }
  return [...tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
