import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { AnyToolDefinition } from "./tool.js";

/** The peer ranges in package.json, as registration checks them. */
export const SDK_RANGE = "^1.24.0";
export const ZOD_RANGE = "^4.0.0";
const SDK_MINIMUM = [1, 24] as const;

const installed = "@modelcontextprotocol/sdk";

/** The version of the SDK this package resolves, or undefined when it cannot tell (say, inside a bundle). */
export function sdkVersion(from: string = import.meta.url): string | undefined {
  try {
    let folder = dirname(createRequire(from).resolve(`${installed}/server/mcp.js`));
    for (;;) {
      const manifest = join(folder, "package.json");
      try {
        const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as {
          name?: string;
          version?: string;
        };
        if (name === installed) return version;
      } catch {
        // No package.json in this folder (the SDK's dist folders have type-only ones without a name).
      }
      const parent = dirname(folder);
      if (parent === folder) return undefined;
      folder = parent;
    }
  } catch {
    return undefined;
  }
}

// Read once: over stateless HTTP every request registers the tools again. A bundle that inlines the SDK (as
// scripts/build-app.mjs builds the servers' bins) defines MCP_CONNECTORS_BUNDLED_SDK as the version it inlined:
// looking the SDK up on disk would find whatever SDK is installed beside the bin (an older one in the project
// that installed it, say), which the bin does not use.
let resolved: { version: string | undefined } | undefined;
function resolvedSdkVersion(): string | undefined {
  resolved ??= { version: process.env.MCP_CONNECTORS_BUNDLED_SDK || sdkVersion() };
  return resolved.version;
}

/** Whether `version` is at least 1.24 and below 2 (the SDK 2.x is a different package, `@modelcontextprotocol/server`). */
function sdkInRange(version: string): boolean {
  const [major, minor] = version.split(/[.-]/).map(Number);
  return major === SDK_MINIMUM[0] && (minor ?? 0) >= SDK_MINIMUM[1];
}

/**
 * Refuses, with the versions named, what fails later with riddles: an SDK older than 1.24 (which cannot read
 * zod 4 schemas: "Cannot read properties of null (reading '_def')") and tools whose schemas are not zod 4.
 * @throws TypeError naming the tool, the versions found and the ranges needed
 */
export function checkPeers(tools: readonly AnyToolDefinition[], version = resolvedSdkVersion()): void {
  if (version !== undefined && !sdkInRange(version)) {
    throw new TypeError(
      `@mcp-connectors/tool-builder needs ${installed} ${SDK_RANGE} (1.24 or newer 1.x) and zod ${ZOD_RANGE}, but found ${installed} ${version}: install ${installed}@^1.24 (npm install ${installed}@latest zod@^4).`,
    );
  }
  for (const tool of tools) {
    for (const [part, schema] of [
      ["input", tool.input],
      ["output", tool.output],
    ] as const) {
      if (schema !== undefined && !(typeof schema === "object" && schema !== null && "_zod" in schema)) {
        throw new TypeError(
          `Tool "${tool.name}": its ${part} schema is not a zod 4 schema (zod 3, or zod/v3?). @mcp-connectors/tool-builder needs zod ${ZOD_RANGE} and ${installed} ${SDK_RANGE}: import { z } from "zod" with zod 4 installed.`,
        );
      }
    }
  }
}
