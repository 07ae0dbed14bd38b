// `pnpm demo`: runs each server on its built-in demo data and shows its tools answering through a real MCP
// client. The servers land with their own issues; until then this says what is there.
import { existsSync } from "node:fs";

const apps = ["apps/intervals-mcp", "apps/polar-mcp"];
const present = apps.filter((app) => existsSync(new URL(`../${app}/package.json`, import.meta.url)));
if (present.length === 0) {
  console.log("No server is built yet: the Intervals.icu and Polar servers arrive with their own issues.");
}
