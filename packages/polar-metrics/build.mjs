// Replaces tsc's dist/query/sql-parser.js (a re-export of node-sql-parser's PostgreSQL build) with that build
// bundled in, together with node-sql-parser's licence, so the published package depends on neither the parser
// package (every dialect, 88 MB installed) nor its big-integer dependency.
import { copyFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const here = new URL(".", import.meta.url).pathname;
const parserDir = dirname(createRequire(join(here, "package.json")).resolve("node-sql-parser/package.json"));

await build({
  entryPoints: [join(here, "src/query/sql-parser.ts")],
  outfile: join(here, "dist/query/sql-parser.js"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node22",
  minify: true,
  legalComments: "inline",
  banner: {
    js: "// node-sql-parser (PostgreSQL build) and big-integer, bundled. Licence: sql-parser.LICENSE (Apache-2.0); big-integer is public domain (Unlicense).",
  },
  logLevel: "warning",
});
copyFileSync(join(parserDir, "LICENSE"), join(here, "dist/query/sql-parser.LICENSE"));
// Its declarations (and tsc's maps) would name the package the bundle replaces; no export map entry reaches this module.
for (const stale of ["sql-parser.d.ts", "sql-parser.d.ts.map", "sql-parser.js.map"])
  rmSync(join(here, "dist/query", stale), { force: true });
