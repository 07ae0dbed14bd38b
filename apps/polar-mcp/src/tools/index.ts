import type { AnyToolDefinition } from "@mcp-connectors/tool-builder";
import type { Connection } from "../connection.js";
import { auditPerformance } from "./audit-performance.js";
import type { PolarTool } from "./define.js";
import { getMetrics } from "./get-metrics.js";
import { getMetricsLimits } from "./get-metrics-limits.js";
import { listMetrics } from "./list-metrics.js";
import { listProducts } from "./list-products.js";
import { query } from "./query.js";

const allTools: PolarTool[] = [
  getMetrics,
  auditPerformance,
  query,
  listMetrics,
  listProducts,
  getMetricsLimits,
];

/** Every tool of the server, each getting its Polar client through `connection`. */
export function createTools(connection: Connection): AnyToolDefinition[] {
  return allTools.map((tool) => tool(connection));
}
