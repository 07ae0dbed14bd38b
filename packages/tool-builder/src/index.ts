export {
  ConfigError,
  httpUrlSetting,
  settingText,
  wholeNumberSetting,
  yesNoSetting,
} from "./app-settings.js";
export {
  type AppFlag,
  type AppInstance,
  type AppOAuthSpec,
  type AppSpec,
  loadDotEnv,
  type OAuthSettings,
  resolveSettings,
  runServer,
  type ServeSettings,
  type Transport,
  UsageError,
} from "./cli.js";
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
  toToolError,
  UpstreamUnavailableError,
} from "./errors.js";
export type { HttpOptions, RunningHttpServer } from "./http.js";
export { startHttpServer } from "./lazy-http.js";
export {
  createLogger,
  type LogFormat,
  type Logger,
  type LogLevel,
  parseLogFormat,
  parseLogLevel,
  withRedaction,
} from "./logger.js";
export { isLoopbackHost } from "./loopback.js";
export type { FetchClientMetadata } from "./oauth/client-metadata.js";
export { createMemoryTokenStore } from "./oauth/memory-token-store.js";
export type { OAuthOptions } from "./oauth/options.js";
export type { OAuthRateLimits, RateLimit } from "./oauth/rate-limit.js";
export type { TokenStore } from "./oauth/token-store.js";
export {
  createOAuth2Upstream,
  discoverOAuth2Upstream,
  type OAuth2UpstreamOptions,
  type UpstreamOAuthProvider,
  UpstreamRefusedError,
  type UpstreamTokens,
} from "./oauth/upstream.js";
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
export {
  boundText,
  describeTruncation,
  dropNulls,
  fitToBudget,
  renderCompactText,
  type Truncation,
} from "./render.js";
export type { Readiness } from "./scale-out/readiness.js";
export type { RequestLimiter, SharedCache, SharedState, UpstreamLimit } from "./scale-out/types.js";
export {
  asksOnlyForTools,
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
