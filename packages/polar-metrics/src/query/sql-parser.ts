// node-sql-parser's PostgreSQL grammar, and only it: the build bundles this module into
// dist/query/sql-parser.js (build.mjs), so installing the package does not install the
// parser's 88 MB of other dialects and source maps.
export { default } from "node-sql-parser/build/postgresql.js";
