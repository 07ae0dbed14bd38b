// @mcp-connectors/tool-builder: define MCP tools once and register them on the SDK's server (v1 or v2).
// Serving (CLI, stdio, HTTP, SSE) is @mcp-connectors/serve, the OAuth authorization server
// @mcp-connectors/oauth-server and the test kit @mcp-connectors/test-kit: nothing here loads them.
export { REPORT_UPSTREAM_REFUSAL, UPSTREAM_CREDENTIAL } from "./auth-info.js";
export { compactSchema } from "./compact-schema.js";
export { renderToolTable, updateToolTable } from "./docs/table.js";
export {
  AuthenticationError,
  type ErrorContext,
  type ErrorMapper,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  ToolError,
  type ToolErrorKind,
  ToolTimeoutError,
  UpstreamUnavailableError,
} from "./errors.js";
export {
  createLogger,
  type LogFormat,
  type Logger,
  type LogLevel,
  parseLogFormat,
  parseLogLevel,
} from "./logger.js";
export { sdkVersion } from "./peer-check.js";
export { createRedactor, type Redactor } from "./redact.js";
export {
  type ListedSchemas,
  listedSchemas,
  type RegisterOptions,
  registerTools,
  selectTools,
  type ToolRegistry,
  type ToolSelection,
  TRUNCATED_META_KEY,
} from "./register.js";
export type { Truncation } from "./render.js";
export {
  createMcpServer,
  type PromptDefinition,
  type ResourceDefinition,
  type ServerDefinition,
} from "./server.js";
export {
  type AnyToolDefinition,
  type ConnectedTool,
  defineTool,
  readOnlyAnnotations,
  type ToolAnnotations,
  type ToolContext,
  type ToolData,
  type ToolDefinition,
} from "./tool.js";
export { type UpstreamEvent, upstreamReporter } from "./upstream-events.js";
