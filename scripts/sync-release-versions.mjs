// After `changeset version` bumps an app's package.json, carries the new version into its MCPB manifest.json
// and MCP Registry server.json, so that all three describe the same release (repo-tests checks they agree).
// Usage: pnpm release:version (runs changeset version, then this)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

for (const app of readdirSync(join(root, "apps"))) {
  const appDir = join(root, "apps", app);
  if (!existsSync(join(appDir, "package.json"))) continue;
  const { version } = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8"));
  // Only the "version" values change, so the files keep the formatting Biome gave them.
  for (const file of ["manifest.json", "server.json"]) {
    const path = join(appDir, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, "utf8");
    const updated = text.replace(/("version": )"[^"]*"/g, `$1"${version}"`);
    if (updated !== text) {
      writeFileSync(path, updated);
      console.log(`apps/${app}/${file} → ${version}`);
    }
  }
}
