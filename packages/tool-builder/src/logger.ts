import type { Redactor } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "text" | "json";

/** Writes one line per message to stderr (stdout belongs to the protocol over stdio). */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger whose every line passes through the redactor before it is written. */
export function createLogger(options: {
  name: string;
  redact: Redactor;
  level?: LogLevel;
  /** `text` (default): `[name] level: message {fields}`; `json`: one object a line, for log collectors. */
  format?: LogFormat;
  write?: (line: string) => void;
}): Logger {
  const threshold = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const json = options.format === "json";
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    if (json) {
      const entry = { time: new Date().toISOString(), level, name: options.name, message, ...fields };
      write(`${options.redact(JSON.stringify(entry))}\n`);
      return;
    }
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
    write(`${options.redact(`[${options.name}] ${level}: ${message}${suffix}`)}\n`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Reads a log level from text such as an environment variable, defaulting to info. */
export function parseLogLevel(value: string | undefined): LogLevel {
  return value === "debug" || value === "warn" || value === "error" ? value : "info";
}

/** Reads a log format from text such as an environment variable, defaulting to text. */
export function parseLogFormat(value: string | undefined): LogFormat {
  return value?.trim() === "json" ? "json" : "text";
}

/** A logger that scrubs extra secrets (say, one request's credential) before handing lines to another. */
export function withRedaction(base: Logger, redact: Redactor): Logger {
  const scrub =
    (write: Logger["info"]) =>
    (message: string, fields?: Record<string, unknown>): void =>
      write(
        redact(message),
        fields && (JSON.parse(redact(JSON.stringify(fields))) as Record<string, unknown>),
      );
  return {
    debug: scrub(base.debug),
    info: scrub(base.info),
    warn: scrub(base.warn),
    error: scrub(base.error),
  };
}
