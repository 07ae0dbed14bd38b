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
export { type HttpOptions, isLoopbackHost, type RunningHttpServer, startHttpServer } from "./http.js";
export { createLogger, type Logger, type LogLevel, parseLogLevel, withRedaction } from "./logger.js";
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
export {
  asksOnlyForTools,
  createMcpServer,
  type PromptDefinition,
  type ResourceDefinition,
  type ServerDefinition,
} from "./server.js";
export { HTTP_URL_PATTERN } from "./server-environment.js";
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
