// Bundles an app's bin (and its tool list, for the docs generator) with esbuild, so that `npx` installs one
// package with no dependencies. The bin is split: dist/bin.js loads only what a stdio start needs, and code
// behind a dynamic import() (HTTP and SSE transports, OAuth, --demo's fake API, the SQL parser) goes into
// dist/chunks/, loaded on first use. Then the built bin records what it answers to `initialize` and
// `tools/list` in each configuration it can start in (dist/startup.json), which a stdio start answers from
// while the server loads (the tool-builder's fastStart); the build fails if it cannot.
// Usage, from an app's folder: node ../../scripts/build-app.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
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

// The tool-builder's index re-exports its HTTP server, and esbuild puts every module that an entry reaches
// into that entry's chunks, used or not. The apps start HTTP through runServer, which imports it lazily;
// so in the index, the re-export is replaced by a lazy one and the HTTP code stays in its own chunk.
const lazyHttpServer = {
  name: "lazy-http-server",
  setup(build) {
    build.onResolve({ filter: /^\.\/http\.js$/ }, (args) =>
      /tool-builder[\\/]dist[\\/]index\.js$/.test(args.importer)
        ? { path: args.importer, namespace: "lazy-http-server" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-http-server" }, (args) => ({
      resolveDir: dirname(args.path),
      contents: `export { isLoopbackHost } from "./loopback.js";
export const startHttpServer = async (...args) => (await import("./http.js")).startHttpServer(...args);`,
    }));
  },
};

// Chunk names carry a hash, so clear out the previous build's.
rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { bin: "src/bin.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  plugins: [lazyHttpServer],
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
});
await build({ ...common, entryPoints: { tools: "src/tools/index.ts" }, outdir: "dist" });

// In an empty folder (no .env) and a clean environment: the snapshot holds what every variable read at start
// was, and a start where one differs takes the normal path.
const emptyFolder = mkdtempSync(join(tmpdir(), "startup-snapshot-"));
try {
  const snapshot = execFileSync(process.execPath, [resolve("dist/bin.js")], {
    cwd: emptyFolder,
    env: { MCP_RECORD_STARTUP: "1", MCP_FAST_START: "0" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  writeFileSync("dist/startup.json", `${JSON.stringify(JSON.parse(snapshot))}\n`);
} finally {
  rmSync(emptyFolder, { recursive: true, force: true });
}
