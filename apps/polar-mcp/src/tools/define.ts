import { type ConnectedTool, readOnlyAnnotations } from "@mcp-connectors/tool-builder";
import type { Connection } from "../connection.js";

/** A tool of this server, built around the connection that gives each call its Polar client. */
export type PolarTool = ConnectedTool<Connection>;

/** Reads Polar and changes nothing. */
export const readAnnotations = readOnlyAnnotations;
