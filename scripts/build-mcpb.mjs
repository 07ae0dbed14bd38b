// Packs each server into a Claude Desktop extension (dist/mcpb/<app>.mcpb) with @anthropic-ai/mcpb: the
// app's manifest.json (stamped with the package version), its built dist/ as server/, README and LICENSE.
// Usage, after `pnpm build`: pnpm mcpb
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packExtension } from "@anthropic-ai/mcpb";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "dist", "mcpb");
const apps = readdirSync(join(root, "apps")).filter((name) =>
  existsSync(join(root, "apps", name, "manifest.json")),
);

mkdirSync(outDir, { recursive: true });
for (const app of apps) {
  const appDir = join(root, "apps", app);
  const pkg = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8"));
  const manifest = JSON.parse(readFileSync(join(appDir, "manifest.json"), "utf8"));
  if (!existsSync(join(appDir, manifest.server.entry_point.replace(/^server\//, "dist/")))) {
    console.error(
      `${app}: ${manifest.server.entry_point} comes from dist/, which is missing: run pnpm build first.`,
    );
    process.exit(1);
  }

  const stage = mkdtempSync(join(tmpdir(), `${app}-mcpb-`));
  try {
    writeFileSync(
      join(stage, "manifest.json"),
      `${JSON.stringify({ ...manifest, version: pkg.version }, null, 2)}\n`,
    );
    // The bundled bin is ESM in .js files: Node needs "type": "module" above it.
    writeFileSync(
      join(stage, "package.json"),
      `${JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: "module" }, null, 2)}\n`,
    );
    cpSync(join(appDir, "dist"), join(stage, "server"), { recursive: true });
    for (const file of ["README.md", "LICENSE"]) cpSync(join(appDir, file), join(stage, file));

    const output = join(outDir, `${app}.mcpb`);
    rmSync(output, { force: true });
    if (!(await packExtension({ extensionPath: stage, outputPath: output, silent: true }))) {
      console.error(
        `${app}: mcpb pack failed; run \`pnpm exec mcpb validate apps/${app}/manifest.json\` for details.`,
      );
      process.exit(1);
    }
    console.log(`${app} ${pkg.version} → ${output.slice(root.length)}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
