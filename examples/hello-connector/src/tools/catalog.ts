import { getForecastTool } from "./index.js";

/** The tool definitions without a connection, for the docs generator (dist/tools.js); kept out of the bin. */
export const tools = [getForecastTool(undefined)];
