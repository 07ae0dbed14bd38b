import type { AnyToolDefinition, ToolAnnotations } from "@mcp-connectors/tool-builder";
import type { Connection } from "../connection.js";

/** A tool of this server, built around the connection that gives each call its Intervals.icu client. */
export type IntervalsTool = (connection: Connection) => AnyToolDefinition;

/** Reads Intervals.icu and changes nothing. */
export const readAnnotations: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/** Writes one item in a way that repeating the call changes nothing more. */
export const upsertAnnotations: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
