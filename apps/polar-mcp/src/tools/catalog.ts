import { type AnyToolDefinition, AuthenticationError } from "@mcp-connectors/tool-builder";
import { createTools } from "./index.js";

/** The tool definitions without a connection, for the docs generator (dist/tools.js); kept out of the bin. */
export const tools: AnyToolDefinition[] = createTools({
  client: () => {
    throw new AuthenticationError("These tool definitions are not connected to Polar.");
  },
});
