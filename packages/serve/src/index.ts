// @mcp-connectors/serve: serve tools defined with @mcp-connectors/tool-builder over stdio, Streamable HTTP and
// SSE, as a CLI (`runServer`) or from code (`startHttpServer`). The HTTP transports, the OAuth authorization
// server (@mcp-connectors/oauth-server) and Redis are loaded only when a start needs them.

export { isLoopbackHost } from "@mcp-connectors/oauth-server/http";
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
export type { HttpOptions, RunningHttpServer } from "./http.js";
export { startHttpServer } from "./lazy-http.js";
export { perCredential } from "./per-credential.js";
export type { Readiness } from "./scale-out/readiness.js";
export type {
  RequestLimiter,
  ScaleOut,
  SharedCache,
  SharedState,
  UpstreamLimit,
} from "./scale-out/types.js";
