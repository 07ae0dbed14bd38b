// `pnpm smoke:intervals`: the read-only tools and the API assumptions, against the real Intervals.icu.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { observeApi } from "./observe.ts";
import { assumptionsIn, buildReport } from "./report.ts";
import { runReadOnlyTools } from "./tools.ts";

const apiKey = process.env.INTERVALS_API_KEY?.trim();
if (!apiKey) {
  process.stderr.write(
    "pnpm smoke:intervals reads a real Intervals.icu account: set INTERVALS_API_KEY to your personal key (Intervals.icu → Settings → Developer Settings) and run it again. It only reads; nothing is changed.\n",
  );
  process.exit(2);
}
const baseUrl = (process.env.INTERVALS_API_BASE_URL ?? "https://intervals.icu/api/v1").replace(/\/+$/, "");
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const markdown = readFileSync(
  fileURLToPath(new URL("../../../packages/intervals-icu/API-ASSUMPTIONS.md", import.meta.url)),
  "utf8",
);

try {
  const observations = await observeApi({ baseUrl, apiKey });
  const tools = await runReadOnlyTools({ bin, apiKey, baseUrl });
  const report = buildReport(assumptionsIn(markdown), observations, tools);
  process.stdout.write(`${report.text.replaceAll(apiKey, "[key]")}\n`);
  process.exit(report.failed ? 1 : 0);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The smoke check could not finish: ${message.replaceAll(apiKey, "[key]")}\n`);
  process.exit(1);
}
