import { getForecastTool } from "./index.js";

/**
 * The tool definitions without a connection, bundled as dist/tools.js apart from the bin: the docs generator
 * reads them, and the build computes from them the JSON Schemas the bin lists.
 */
export const tools = [getForecastTool(undefined)];
