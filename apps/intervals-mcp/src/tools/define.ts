import { type ConnectedTool, readOnlyAnnotations, type ToolAnnotations } from "@mcp-connectors/tool-builder";
import type { Connection } from "../connection.js";

/** A tool of this server, built around the connection that gives each call its Intervals.icu client. */
export type IntervalsTool = ConnectedTool<Connection>;

/** Reads Intervals.icu and changes nothing. */
export const readAnnotations = readOnlyAnnotations;

/** Writes one item in a way that repeating the call changes nothing more. */
export const upsertAnnotations: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
