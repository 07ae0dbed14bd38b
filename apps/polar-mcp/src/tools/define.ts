import type { AnyToolDefinition, ToolAnnotations } from "@mcp-connectors/tool-builder";
import type { Connection } from "../connection.js";

/** A tool of this server, built around the connection that gives each call its Polar client. */
export type PolarTool = (connection: Connection) => AnyToolDefinition;

/** Reads Polar and changes nothing. */
export const readAnnotations: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
