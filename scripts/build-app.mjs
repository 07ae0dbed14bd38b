// Bundles an app's bin (and its tool catalog, for the docs generator) with esbuild, so that `npx` installs one
// package with no dependencies. The bin is split: dist/bin.js loads only what a stdio start needs, and code
// behind a dynamic import() (HTTP and SSE transports, OAuth, --demo's fake API, the SQL parser) goes into
// dist/chunks/, loaded on first use.
// Usage, from an app's folder: node ../../scripts/build-app.mjs
import { readFileSync, rmSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const requireHere = createRequire(import.meta.url);

// Node's built-ins are loaded with require(), not import: Node's ESM view of a built-in reads every export,
// which runs each lazy getter (node:fs loads its streams and promises API, node:process its stdio, node:util
// its diff and worker code…), about 10 ms of every start for exports the bin never uses. Each built-in becomes
// a module that reads, when loaded, only the exports the bundle imports (esbuild drops the unused ones).
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(build) {
    const builtin = new RegExp(`^(node:.*|${builtinModules.join("|")})$`);
    build.onResolve({ filter: builtin }, ({ path, kind }) =>
      kind === "import-statement" ? { path, namespace: "builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "builtin" }, ({ path }) => {
      const names = Object.getOwnPropertyNames(requireHere(path)).filter(
        (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default",
      );
      const exports = names.map(
        (name) => `export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`,
      );
      const module = [
        `const builtin = require(${JSON.stringify(path)});`,
        "export default builtin;",
        ...exports,
      ];
      return { contents: module.join("\n"), loader: "js" };
    });
  },
};

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
  plugins: [builtinsByRequire],
};

// Chunk names carry a hash, so clear out the previous build's.
rmSync("dist", { recursive: true, force: true });
// The tool catalog first: the bin carries the JSON Schemas tools/list shows, computed here from the tools' zod
// schemas by the tool-builder's own `listedSchemas`, so that a start does not convert them again. It is
// bundled with the catalog, so that it converts with the zod the schemas are built with.
await build({
  ...common,
  stdin: {
    contents: [
      'export { tools } from "./src/tools/catalog.ts";',
      'export { listedSchemas, sdkVersion } from "@mcp-connectors/tool-builder";',
    ].join("\n"),
    resolveDir: process.cwd(),
    sourcefile: "tools.js",
  },
  outfile: "dist/tools.js",
});
const catalog = await import(pathToFileURL(resolve("dist/tools.js")).href);
const toolSchemas = JSON.stringify(catalog.listedSchemas(catalog.tools));
// The tool-builder checks the SDK it registers on; in the bin that is the one inlined here (the SDK the
// tool-builder resolves, as esbuild does), not whatever SDK a lookup on disk would find beside the bin.
const toolBuilder = requireHere.resolve("@mcp-connectors/tool-builder", { paths: [process.cwd()] });
const bundledSdk = catalog.sdkVersion(pathToFileURL(toolBuilder).href);
if (!bundledSdk) throw new Error("build-app: cannot find the MCP SDK the bundle inlines.");
await build({
  ...common,
  define: {
    ...common.define,
    __TOOL_SCHEMAS__: JSON.stringify(toolSchemas),
    "process.env.MCP_CONNECTORS_BUNDLED_SDK": JSON.stringify(bundledSdk),
  },
  entryPoints: { bin: "src/bin.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});
