// `pnpm demo`: starts each server with --demo (its package's fake API, no account needed) and shows every
// call listed in the app's demo.json answering through the official MCP client over stdio.
import { existsSync, readFileSync } from "node:fs";
import { connectClient } from "../packages/test-kit/dist/index.js";

const apps = ["apps/intervals-mcp", "apps/polar-mcp"];
const MAX_LINES = 14;

function show(text) {
  const lines = text.split("\n");
  const shown = lines
    .slice(0, MAX_LINES)
    .map((line) => `    ${line.length > 150 ? `${line.slice(0, 147)}...` : line}`);
  if (lines.length > MAX_LINES) shown.push(`    … ${lines.length - MAX_LINES} more lines`);
  return shown.join("\n");
}

let failures = 0;
let ran = 0;
for (const app of apps) {
  const bin = new URL(`../${app}/dist/bin.js`, import.meta.url).pathname;
  const callsFile = new URL(`../${app}/demo.json`, import.meta.url).pathname;
  if (!existsSync(bin) || !existsSync(callsFile)) {
    console.log(`${app}: not built yet, skipped.\n`);
    continue;
  }
  ran++;
  const calls = JSON.parse(readFileSync(callsFile, "utf8"));
  const { client, close } = await connectClient({ transport: "stdio", script: bin, args: ["--demo"] });
  const { tools } = await client.listTools();
  const version = client.getServerVersion();
  console.log(
    `━━ ${version?.name} ${version?.version}: ${tools.length} tools (${tools.map((t) => t.name).join(", ")})\n`,
  );
  for (const call of calls) {
    const started = performance.now();
    const result = await client.callTool({ name: call.tool, arguments: call.arguments ?? {} });
    const ms = Math.round(performance.now() - started);
    const text = result.content
      .map((part) => (part.type === "text" ? part.text : `[${part.type}]`))
      .join("\n");
    if (result.isError) failures++;
    console.log(
      `▸ ${call.tool} ${JSON.stringify(call.arguments ?? {})}  (${ms} ms${result.isError ? ", error" : ""})`,
    );
    console.log(`${show(text)}\n`);
  }
  await close();
}
if (ran === 0)
  console.log("No server is built yet: the Intervals.icu and Polar servers arrive with their own issues.");
if (failures > 0) {
  console.error(`${failures} demo call(s) failed.`);
  process.exitCode = 1;
}
