// `pnpm lint` runs dependency-cruiser with .dependency-cruiser.cjs (the package rules of ARCHITECTURE.md and no
// import cycles). This shows the rules bite: a tree laid out like the repository, holding one bad import per
// rule, gets each one reported; the real tree gets none.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { root } from "./apps.ts";

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** dependency-cruiser's verdict on `folders` of the tree at `cwd`, checked with the repository's rules. */
function cruise(cwd: string, folders: string[]): Violation[] {
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [
        join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs"),
        "--config",
        join(root, ".dependency-cruiser.cjs"),
        "--output-type",
        "json",
        ...folders,
      ],
      { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    // It exits non-zero when it finds violations, with the report on stdout all the same.
    output = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

/** One bad import per rule (and a good file beside each, so that only the bad edge can be reported). */
const badTree: Record<string, string> = {
  // A client importing the MCP SDK, by its path and by the tool-builder's package name.
  "packages/intervals-icu/src/uses-sdk.ts": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nexport const server = McpServer;\n`,
  "packages/polar-metrics/src/uses-tool-builder.ts": `import { defineTool } from "@mcp-connectors/tool-builder";\nexport const define = defineTool;\n`,
  // An app importing the other app, by a relative path and by its package name.
  "apps/intervals-mcp/src/app.ts": `export const app = "intervals";\n`,
  "apps/polar-mcp/src/borrows.ts": `import { app } from "../../intervals-mcp/src/app.js";\nexport const borrowed = app;\n`,
  "apps/polar-mcp/src/borrows-package.ts": `import { app } from "@mcp-connectors/intervals-mcp";\nexport const borrowed = app;\n`,
  "apps/polar-mcp/src/own.ts": `import { borrowed } from "./borrows.js";\nexport const own = borrowed;\n`,
  // A client importing serving by its package name.
  "packages/intervals-icu/src/uses-serve.ts": `import { runServer } from "@mcp-connectors/serve";\nexport const run = runServer;\n`,
  // The tool-builder, and serving, importing a client.
  "packages/intervals-icu/src/index.ts": `export const client = {};\n`,
  "packages/tool-builder/src/uses-client.ts": `import { client } from "../../intervals-icu/src/index.js";\nexport const used = client;\n`,
  "packages/serve/src/uses-client.ts": `import { createPolarClient } from "@mcp-connectors/polar-metrics";\nexport const used = createPolarClient;\n`,
  // The core importing serving, the OAuth server and the test kit, by path and by name.
  "packages/serve/src/cli.ts": `export const runServer = () => {};\n`,
  "packages/tool-builder/src/uses-serve.ts": `import { runServer } from "../../serve/src/cli.js";\nexport const used = runServer;\n`,
  "packages/tool-builder/src/uses-oauth.ts": `import { createMemoryTokenStore } from "@mcp-connectors/oauth-server";\nexport const used = createMemoryTokenStore;\n`,
  "packages/tool-builder/src/uses-test-kit.ts": `import { createTestClient } from "@mcp-connectors/test-kit";\nexport const used = createTestClient;\n`,
  // The OAuth server importing the core and serving; its tests may use the core.
  "packages/oauth-server/src/uses-core.ts": `import { tool } from "../../tool-builder/src/tool.js";\nexport const used = tool;\n`,
  "packages/oauth-server/src/uses-serve.ts": `import { startHttpServer } from "@mcp-connectors/serve";\nexport const used = startHttpServer;\n`,
  "packages/oauth-server/test/uses-core.test.ts": `import { tool } from "../../tool-builder/src/tool.js";\nexport const used = tool;\n`,
  // Production code importing the test kit; a test doing so is fine.
  "apps/polar-mcp/src/uses-test-kit.ts": `import { createTestClient } from "@mcp-connectors/test-kit";\nexport const used = createTestClient;\n`,
  "packages/serve/src/uses-test-kit.ts": `import { fuzzTools } from "../../test-kit/src/fuzz.js";\nexport const used = fuzzTools;\n`,
  "packages/test-kit/src/fuzz.ts": `export const fuzzTools = () => {};\n`,
  "packages/serve/test/uses-test-kit.test.ts": `import { fuzzTools } from "../../test-kit/src/fuzz.js";\nexport const used = fuzzTools;\n`,
  // The shared redaction package importing another package of ours.
  "packages/tool-builder/src/tool.ts": `export const tool = {};\n`,
  "packages/redact/src/uses-ours.ts": `import { tool } from "../../tool-builder/src/tool.js";\nexport const used = tool;\n`,
  // The clients' shared kit importing a client (redact it may import), and one client importing the other.
  "packages/client-kit/src/uses-client.ts": `import { client } from "../../intervals-icu/src/index.js";\nexport const used = client;\n`,
  "packages/redact/src/index.ts": `export const redact = (text: string) => text;\n`,
  "packages/client-kit/src/uses-redact.ts": `import { redact } from "../../redact/src/index.js";\nexport const used = redact;\n`,
  "packages/polar-metrics/src/uses-other-client.ts": `import { client } from "@mcp-connectors/intervals-icu";\nexport const used = client;\n`,
  // A two-file cycle inside a package.
  "packages/polar-metrics/src/cycle-a.ts": `import { b } from "./cycle-b.js";\nexport const a = () => b;\n`,
  "packages/polar-metrics/src/cycle-b.ts": `import { a } from "./cycle-a.js";\nexport const b = () => a;\n`,
};

describe("dependency rules", () => {
  let tree: string;
  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), "dependency-rules-"));
    for (const [path, text] of Object.entries(badTree)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    }
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  test("each bad import is reported under its rule, and nothing else is", () => {
    const found = cruise(tree, ["packages", "apps"])
      .map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
      .sort();
    expect(found).toEqual(
      [
        "client-imports-mcp: packages/intervals-icu/src/uses-sdk.ts → @modelcontextprotocol/sdk/server/mcp.js",
        "client-imports-mcp: packages/polar-metrics/src/uses-tool-builder.ts → @mcp-connectors/tool-builder",
        "app-imports-app: apps/polar-mcp/src/borrows.ts → apps/intervals-mcp/src/app.ts",
        "app-imports-app: apps/polar-mcp/src/borrows-package.ts → @mcp-connectors/intervals-mcp",
        "client-imports-mcp: packages/intervals-icu/src/uses-serve.ts → @mcp-connectors/serve",
        "mcp-package-imports-client: packages/tool-builder/src/uses-client.ts → packages/intervals-icu/src/index.ts",
        "mcp-package-imports-client: packages/serve/src/uses-client.ts → @mcp-connectors/polar-metrics",
        "core-imports-serving: packages/tool-builder/src/uses-serve.ts → packages/serve/src/cli.ts",
        "core-imports-serving: packages/tool-builder/src/uses-oauth.ts → @mcp-connectors/oauth-server",
        "core-imports-serving: packages/tool-builder/src/uses-test-kit.ts → @mcp-connectors/test-kit",
        "production-imports-test-kit: packages/tool-builder/src/uses-test-kit.ts → @mcp-connectors/test-kit",
        "oauth-server-imports-serving: packages/oauth-server/src/uses-core.ts → packages/tool-builder/src/tool.ts",
        "oauth-server-imports-serving: packages/oauth-server/src/uses-serve.ts → @mcp-connectors/serve",
        "production-imports-test-kit: apps/polar-mcp/src/uses-test-kit.ts → @mcp-connectors/test-kit",
        "production-imports-test-kit: packages/serve/src/uses-test-kit.ts → packages/test-kit/src/fuzz.ts",
        "redact-imports-ours: packages/redact/src/uses-ours.ts → packages/tool-builder/src/tool.ts",
        "client-kit-imports-ours: packages/client-kit/src/uses-client.ts → packages/intervals-icu/src/index.ts",
        "client-imports-client: packages/polar-metrics/src/uses-other-client.ts → @mcp-connectors/intervals-icu",
        "no-circular: packages/polar-metrics/src/cycle-a.ts → packages/polar-metrics/src/cycle-b.ts",
      ].sort(),
    );
  });

  test("the repository itself breaks no rule", () => {
    expect(cruise(root, ["packages", "apps"])).toEqual([]);
  });
});
