// The Dockerfile and the Kubernetes example, checked without a container engine: the image's entry point is a
// file the build produces, it runs as a non-root user with a health check, and the example's probes and ports
// agree with the server.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { root, serverApps } from "./apps.ts";

const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
const instructions = (name: string) =>
  [...runtimeStage.matchAll(new RegExp(`^${name}\\s+(.+)$`, "gm"))].map((match) => match[1]?.trim() ?? "");

describe("Dockerfile", () => {
  test("runs a file the build stage produces, for either app", () => {
    const [entrypoint] = instructions("ENTRYPOINT");
    const [command, script] = JSON.parse(entrypoint ?? "[]") as string[];
    expect(command).toBe("node");
    const copies = instructions("COPY")
      .map((line) => line.split(/\s+/).filter((part) => !part.startsWith("--")))
      .map(([from, to]) => ({ from: from ?? "", to: to ?? "" }));
    const copy = copies.find(({ to }) => script?.startsWith(to));
    expect(copy, `no COPY puts ${script} into the image`).toBeDefined();
    for (const app of serverApps) {
      const built = `${copy?.from}${script?.slice(copy?.to.length)}`
        .replace("/repo/", "")
        .replace(/\$\{APP\}/, app);
      expect(existsSync(join(root, built)), `${built} does not exist after pnpm build`).toBe(true);
    }
    // dist/ is copied whole (with any chunks) next to the package.json that makes its .js files ESM.
    expect(copies).toContainEqual({
      from: expect.stringMatching(/apps\/\$\{APP\}\/package\.json$/),
      to: "/app/package.json",
    });
  });

  test("runs as a non-root user, serves HTTP on MCP_PORT and checks /healthz", () => {
    const user = instructions("USER").at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtimeStage).toMatch(/MCP_TRANSPORT=http/);
    const port = /MCP_PORT=(\d+)/.exec(runtimeStage)?.[1];
    expect(instructions("EXPOSE")).toEqual([port]);
    expect(instructions("HEALTHCHECK").join(" ")).toContain("/healthz");
  });
});

describe("deploy/kubernetes.yaml", () => {
  const documents = parseAllDocuments(readFileSync(join(root, "deploy", "kubernetes.yaml"), "utf8")).map(
    (document) => document.toJS() as { kind: string; spec: Record<string, unknown> },
  );
  const deployment = documents.find((document) => document.kind === "Deployment") as unknown as {
    spec: { template: { spec: { containers: Container[]; securityContext: { runAsNonRoot?: boolean } } } };
  };
  interface Container {
    ports: Array<{ name: string; containerPort: number }>;
    env: Array<{
      name: string;
      value?: string;
      valueFrom?: { secretKeyRef?: { name: string; key: string } };
    }>;
    readinessProbe: { httpGet: { path: string; port: string | number } };
    livenessProbe: { httpGet: { path: string; port: string | number } };
  }
  const container = deployment?.spec.template.spec.containers[0] as Container;

  test("parses into a Deployment and a Service", () => {
    expect(documents.map((document) => document.kind).sort()).toEqual(["Deployment", "Service"]);
  });

  test("probes readiness at /readyz and liveness at /healthz on the port the server listens on", () => {
    const mcpPort = Number(container.env.find((variable) => variable.name === "MCP_PORT")?.value);
    const portOf = (port: string | number) =>
      typeof port === "number" ? port : container.ports.find((entry) => entry.name === port)?.containerPort;
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(portOf(probe.httpGet.port)).toBe(mcpPort);
    }
    expect(container.ports.map((port) => port.containerPort)).toEqual([mcpPort]);
  });

  test("tells each replica how many there are", () => {
    const replicas = container.env.find((variable) => variable.name === "MCP_REPLICAS")?.value;
    expect(Number(replicas)).toBe((deployment as unknown as { spec: { replicas: number } }).spec.replicas);
  });

  test("takes credentials from a Secret and runs as non-root", () => {
    const secrets = container.env.filter((variable) => /TOKEN|KEY/.test(variable.name));
    expect(secrets.length).toBeGreaterThan(0);
    for (const variable of secrets) {
      expect(variable.value).toBeUndefined();
      expect(variable.valueFrom?.secretKeyRef?.name).toBeTruthy();
    }
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  test("its Service sends traffic to the container's port", () => {
    const service = documents.find((document) => document.kind === "Service") as unknown as {
      spec: { ports: Array<{ targetPort: string | number }> };
    };
    const target = service.spec.ports[0]?.targetPort;
    expect(container.ports.some((port) => port.name === target || port.containerPort === target)).toBe(true);
  });
});

describe("compose.yaml", () => {
  test("checks the server's readiness at /readyz on the port it listens on, with Redis shared", () => {
    const [compose] = parseAllDocuments(readFileSync(join(root, "compose.yaml"), "utf8")).map(
      (document) =>
        document.toJS() as {
          services: Record<
            string,
            { command?: string[]; environment?: Record<string, string>; healthcheck?: { test?: string[] } }
          >;
        },
    );
    const server = compose?.services["intervals-mcp"];
    const port = server?.command?.[(server?.command?.indexOf("--port") ?? -1) + 1];
    expect(server?.healthcheck?.test?.join(" ")).toContain(`http://127.0.0.1:${port}/readyz`);
    expect(server?.environment?.REDIS_URL).toMatch(/^redis:\/\/redis:/);
    expect(server?.environment?.MCP_REPLICAS).toBeDefined();
  });

  test("its image holds the whole bundled dist/ next to package.json, as the Dockerfile's does", () => {
    const [compose] = parseAllDocuments(readFileSync(join(root, "compose.yaml"), "utf8")).map(
      (document) =>
        document.toJS() as { services: Record<string, { build?: { dockerfile_inline?: string } }> },
    );
    const inline = compose?.services["intervals-mcp"]?.build?.dockerfile_inline ?? "";
    const runtime = inline.slice(inline.lastIndexOf("FROM "));
    const copies = [...runtime.matchAll(/^COPY\s+(?:--\S+\s+)*(\S+)\s+(\S+)$/gm)].map(([, from, to]) => ({
      from,
      to,
    }));
    // The bin imports its chunks from dist/chunks and needs package.json's "type": "module" beside dist/.
    expect(copies).toContainEqual({ from: "/repo/apps/intervals-mcp/dist", to: "/app/dist" });
    expect(copies).toContainEqual({ from: "/repo/apps/intervals-mcp/package.json", to: "/app/package.json" });
    expect(JSON.parse(/^ENTRYPOINT\s+(.+)$/m.exec(runtime)?.[1] ?? "[]")).toEqual([
      "node",
      "/app/dist/bin.js",
    ]);
  });
});
