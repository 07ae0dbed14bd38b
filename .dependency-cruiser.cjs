// The package rules of ARCHITECTURE.md, checked by `pnpm lint` (`lint:deps`). Paths are relative to where
// dependency-cruiser runs: the repository root, or a fixture tree in repo-tests/ laid out the same way
// (repo-tests/dependency-rules.test.ts shows that each rule catches a bad import).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "client-imports-mcp",
      severity: "error",
      comment:
        "A client (intervals-icu, polar-metrics, the example's client.ts) knows HTTP and no MCP: it must not import the MCP SDK or any MCP package of ours (tool-builder, serve, oauth-server, test-kit).",
      from: { path: ["^packages/(intervals-icu|polar-metrics)/", "^examples/[^/]+/src/client\\.ts$"] },
      to: {
        path: [
          "@modelcontextprotocol/",
          "@mcp-connectors/(tool-builder|serve|oauth-server|test-kit)",
          "(^|/)packages/(tool-builder|serve|oauth-server|test-kit)/",
        ],
      },
    },
    {
      name: "mcp-package-imports-client",
      severity: "error",
      comment:
        "The MCP packages (tool-builder, serve, oauth-server, test-kit) know MCP and no API: they must not import a client.",
      from: { path: "^packages/(tool-builder|serve|oauth-server|test-kit)/" },
      to: {
        path: [
          "@mcp-connectors/(intervals-icu|polar-metrics)",
          "(^|/)packages/(intervals-icu|polar-metrics)/",
        ],
      },
    },
    {
      name: "core-imports-serving",
      severity: "error",
      comment:
        "The tool-builder is the core an embedder loads: it must not import serving, the OAuth server or the test kit (which all build on it).",
      from: { path: "^packages/tool-builder/" },
      to: {
        path: [
          "@mcp-connectors/(serve|oauth-server|test-kit)",
          "(^|/)packages/(serve|oauth-server|test-kit)/",
        ],
      },
    },
    {
      name: "oauth-server-imports-serving",
      severity: "error",
      comment:
        "The OAuth server stands alone below serving: its code must not import serve, the tool-builder or the test kit (serve imports it; its tests may use the others).",
      from: { path: "^packages/oauth-server/src/" },
      to: {
        path: [
          "@mcp-connectors/(serve|tool-builder|test-kit)",
          "(^|/)packages/(serve|tool-builder|test-kit)/",
        ],
      },
    },
    {
      name: "production-imports-test-kit",
      severity: "error",
      comment: "Only tests import the test kit: no package's or app's src/ may.",
      from: { path: "^(packages|apps|examples)/[^/]+/src/", pathNot: "^packages/test-kit/" },
      to: { path: ["@mcp-connectors/test-kit", "(^|/)packages/test-kit/"] },
    },
    {
      name: "app-imports-app",
      severity: "error",
      comment: "Apps never import each other; what two apps share belongs in a package.",
      from: { path: "^apps/([^/]+)/" },
      to: {
        path: ["(^|/)apps/[^/]+/", "@mcp-connectors/[a-z-]+-mcp"],
        pathNot: ["(^|/)apps/$1/", "@mcp-connectors/$1"],
      },
    },
    {
      name: "redact-imports-ours",
      severity: "error",
      comment: "@mcp-connectors/redact is shared by everything, so it imports nothing of ours.",
      from: { path: "^packages/redact/" },
      to: {
        path: ["@mcp-connectors/", "(^|/)(packages|apps)/"],
        pathNot: ["(^|/)packages/redact/"],
      },
    },
    {
      name: "client-kit-imports-ours",
      severity: "error",
      comment:
        "@mcp-connectors/client-kit is what the clients share: it imports no client, no MCP code and nothing else of ours but redact, so both clients (and a third) can depend on it.",
      from: { path: "^packages/client-kit/" },
      to: {
        path: ["@modelcontextprotocol/", "@mcp-connectors/", "(^|/)(packages|apps)/"],
        pathNot: ["(^|/)packages/(client-kit|redact)/", "@mcp-connectors/redact"],
      },
    },
    {
      name: "client-imports-client",
      severity: "error",
      comment:
        "The clients never import each other: what both need goes into @mcp-connectors/client-kit (a documented decision in ARCHITECTURE.md).",
      from: { path: "^packages/(intervals-icu|polar-metrics)/" },
      to: {
        path: [
          "@mcp-connectors/(intervals-icu|polar-metrics)",
          "(^|/)packages/(intervals-icu|polar-metrics)/",
        ],
        pathNot: ["(^|/)packages/$1/", "@mcp-connectors/$1"],
      },
    },
    {
      name: "no-circular",
      severity: "error",
      comment:
        "No import cycles inside a package: a cycle means two files are one job, or a type is in the wrong place.",
      from: { path: "^(packages|apps)/" },
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a cycle through `import type` is still two files that need each other.
    tsPreCompilationDeps: true,
    doNotFollow: { path: ["node_modules", "(^|/)dist/"] },
    // Our own build output is not cruised; a dependency's files under node_modules stay (as leaves, not followed),
    // so that an import of an installed package (the MCP SDK from a client) is still an edge the rules see.
    exclude: { path: ["^(packages|apps|examples)/[^/]+/dist/", "(^|/)\\.turbo/", "(^|/)coverage/"] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
