/**
 * Where the authorization server reports what it did (a sign-in, a refused client) and what went wrong. A
 * structural type, so that any logger with these methods fits (`@mcp-connectors/tool-builder`'s `createLogger`,
 * pino, console) and this package depends on no logger package of ours.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
