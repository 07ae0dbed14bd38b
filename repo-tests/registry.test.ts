// MCP Registry: each app's server.json matches the registry's server.json schema (vendored, see
// vendor/mcp-registry/README.md), names the npm package it describes, and declares the variables the server
// reads, with the credentials marked secret.
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { type AppPackage, environmentOf, readJson, serverApps } from "./apps.ts";

interface ServerJson {
  $schema: string;
  name: string;
  version: string;
  packages: Array<{
    registryType: string;
    identifier: string;
    version: string;
    transport: { type: string };
    environmentVariables?: Array<{ name: string; isSecret?: boolean; isRequired?: boolean }>;
  }>;
}

const schema = readJson<{ $id: string }>("repo-tests", "vendor", "mcp-registry", "server.schema.json");
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

test("the vendored schema rejects what the registry rejects", () => {
  const valid = { name: "io.github.example/weather", description: "Weather", version: "1.0.0" };
  expect(validate(valid)).toBe(true);
  expect(validate({ ...valid, name: "no-namespace" })).toBe(false);
  expect(validate({ ...valid, description: "x".repeat(101) })).toBe(false);
  expect(
    validate({
      ...valid,
      packages: [{ registryType: "npm", identifier: "x", version: "latest", transport: { type: "stdio" } }],
    }),
  ).toBe(false);
});

describe.each(serverApps)("%s server.json", (app) => {
  const server = readJson<ServerJson>("apps", app, "server.json");
  const pkg = readJson<AppPackage>("apps", app, "package.json");

  test("matches the registry's schema", () => {
    expect(server.$schema).toBe(schema.$id);
    expect(validate(server), ajv.errorsText(validate.errors)).toBe(true);
  });

  test("is named by the package's mcpName and describes this version of the npm package over stdio", () => {
    expect(server.name).toBe(pkg.mcpName);
    expect(server.name).toBe(`io.github.mcp-connectors/${app}`);
    expect(server.version).toBe(pkg.version);
    expect(server.packages).toEqual([
      expect.objectContaining({
        registryType: "npm",
        identifier: pkg.name,
        version: pkg.version,
        transport: { type: "stdio" },
      }),
    ]);
  });

  test("declares variables the server reads, with the credentials secret", () => {
    const readByServer = environmentOf(app);
    const variables = server.packages[0]?.environmentVariables ?? [];
    expect(variables.filter((variable) => variable.isRequired)).toHaveLength(1);
    for (const variable of variables) {
      expect(readByServer, `${variable.name} is not read by ${app}`).toContain(variable.name);
      expect(variable.isSecret === true, `${variable.name} is secret exactly when it is a credential`).toBe(
        /KEY|TOKEN|SECRET/.test(variable.name),
      );
    }
  });
});
