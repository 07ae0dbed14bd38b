// What the distribution checks need to know about the two servers, read from their files and built bins.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname;

/** The server apps, by folder name under apps/. */
export const serverApps = ["intervals-mcp", "polar-mcp"].filter((app) =>
  existsSync(join(root, "apps", app, "package.json")),
);

export const readJson = <T>(...path: string[]): T =>
  JSON.parse(readFileSync(join(root, ...path), "utf8")) as T;

export interface AppPackage {
  name: string;
  version: string;
  mcpName?: string;
}

/** Every environment variable a built server documents in `--help`: the ones it actually reads. */
export function environmentOf(app: string): Set<string> {
  const help = execFileSync(process.execPath, [join(root, "apps", app, "dist", "bin.js"), "--help"], {
    encoding: "utf8",
  });
  return new Set(help.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []);
}

/** The names of the tools a server offers without `--enable-destructive`, from its built tool list. */
export async function defaultToolsOf(app: string): Promise<string[]> {
  const { tools } = (await import(join(root, "apps", app, "dist", "tools.js"))) as {
    tools: Array<{ name: string; annotations?: { destructiveHint?: boolean } }>;
  };
  return tools.filter((tool) => tool.annotations?.destructiveHint !== true).map((tool) => tool.name);
}
