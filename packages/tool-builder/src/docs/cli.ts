#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyToolDefinition } from "../tool.js";
import { updateToolTable } from "./table.js";

const usage = `Usage: mcp-tool-docs <module> <README.md> [--check]

Writes the tool table of the tools exported as \`tools\` by <module> into <README.md>, between the lines
<!-- tools:start --> and <!-- tools:end -->. With --check it changes nothing and fails if the table is stale.
`;

const args = process.argv.slice(2);
const check = args.includes("--check");
const [modulePath, readmePath] = args.filter((arg) => arg !== "--check");
if (!modulePath || !readmePath) {
  process.stderr.write(usage);
  process.exit(2);
}
const { tools } = (await import(pathToFileURL(resolve(modulePath)).href)) as { tools?: AnyToolDefinition[] };
if (!Array.isArray(tools)) {
  process.stderr.write(`mcp-tool-docs: ${modulePath} does not export a \`tools\` array.\n`);
  process.exit(2);
}
const current = readFileSync(readmePath, "utf8");
const updated = updateToolTable(
  current,
  [...tools].sort((a, b) => a.name.localeCompare(b.name)),
);
if (check) {
  if (updated !== current) {
    process.stderr.write(
      `mcp-tool-docs: the tool table in ${readmePath} is stale; run without --check to update it.\n`,
    );
    process.exit(1);
  }
} else if (updated !== current) {
  writeFileSync(readmePath, updated);
}
