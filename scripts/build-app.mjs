// Bundles an app's bin (and its tool catalog, for the docs generator) with esbuild, so that `npx` installs one
// package with no dependencies. The bin is split: dist/bin.js loads only what a stdio start needs, and code
// behind a dynamic import() (HTTP and SSE transports, OAuth, --demo's fake API, the SQL parser) goes into
// dist/chunks/, loaded on first use.
// Usage, from an app's folder: node ../../scripts/build-app.mjs
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: "linked",
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require() for Node built-ins; give them one.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
};

// Chunk names carry a hash, so clear out the previous build's.
rmSync("dist", { recursive: true, force: true });
// The tool catalog first: the bin carries the JSON Schemas tools/list shows, computed here from the tools' zod
// schemas by the tool-builder's own `listedSchemas`, so that a start does not convert them again.
await build({ ...common, entryPoints: { tools: "src/tools/catalog.ts" }, outdir: "dist" });
const catalog = await import(pathToFileURL(resolve("dist/tools.js")).href);
const toolSchemas = JSON.stringify(catalog.listedSchemas(catalog.tools));
await build({
  ...common,
  define: { ...common.define, __TOOL_SCHEMAS__: JSON.stringify(toolSchemas) },
  entryPoints: { bin: "src/bin.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});
