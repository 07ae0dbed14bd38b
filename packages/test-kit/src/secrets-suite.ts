import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { openSseSession, postMcp, responseText, sendRaw } from "./hardening.js";
import type { SuiteApi } from "./http-hardening-suite.js";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "./process.js";

/** An app's fake API that accepts only the canary credential, as the secrets suite drives it. */
export interface SecretsFake<Fault> {
  /** Base URL of the fake API. */
  url: string;
  /** Makes every upstream route answer with `fault`. */
  setFault(fault: Fault): void;
  clearFaults(): void;
  /** How many requests have reached the fake carrying the canary credential so far. */
  credentialUses(): number;
  close(): Promise<void>;
}

/** The faults a fake takes. */
type FaultOf<Fake> = Fake extends SecretsFake<infer Fault> ? Fault : never;

/** What the secrets suite needs to know about one app; its faults are whatever its fake's `setFault` takes. */
export interface SecretsSpec<Fake extends SecretsFake<unknown>> {
  /** The built bin. */
  bin: string;
  /** Command-line arguments of every server, e.g. `["--enable-destructive"]` so that write tools are listed. */
  args?: string[];
  /** Fake canary secrets: the upstream credential (key or token) and the server's MCP_AUTH_TOKEN. */
  canaries: { credential: string; mcpToken: string };
  /** Starts the app's fake accepting only `credential` (the suite closes it). */
  startFake(credential: string): Promise<Fake>;
  /**
   * Environment of a server reading the fake at `apiUrl` with no credential configured, no retries, a short
   * upstream time limit (the suite's slowest fault must outlast it) and a rate limit high enough for every tool
   * under every fault.
   */
  env(apiUrl: string): Record<string, string | undefined>;
  /** The variable that configures the server's credential, e.g. `INTERVALS_API_KEY`. */
  credentialVariable: string;
  /** The header a request behind MCP_AUTH_TOKEN brings its credential in, e.g. `x-intervals-api-key`. */
  credentialHeader: string;
  /**
   * Valid arguments for every tool that calls the API, so that each succeeds without a fault and fails under
   * one. Called before each pass, so a tool may name what the previous pass created.
   */
  arguments(fake: NoInfer<Fake>): Record<string, Record<string, unknown>>;
  /** How many tools `arguments()` must name (counted independently, so that a lost tool fails the suite). */
  toolCount: number;
  /** A read-only tool among them that makes one upstream request, for the refusals and the SSE stream. */
  probe: string;
  /**
   * Upstream faults, each applied to every route; every tool must fail under each. The first three are also
   * run over SSE. Include one whose error body echoes the credential.
   */
  faults: NoInfer<FaultOf<Fake>>[];
  /** The fault the upstream answers a refused credential with (a 401), run over every transport. */
  refusal: NoInfer<FaultOf<Fake>>;
}

interface ToolOutcome {
  isError: boolean;
  text: string;
  data: string;
}

async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text?: string }>;
  return {
    isError: result.isError === true,
    text: content.map((part) => part.text ?? "").join("\n"),
    data: JSON.stringify(result.structuredContent ?? {}),
  };
}

const toolCall = (name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name, arguments: args },
});

/** The faults run over SSE, besides a pass without one. */
const SSE_FAULTS = 3;

/**
 * Registers the secrets test for one app's built bin: a canary upstream credential and a canary MCP_AUTH_TOKEN
 * never show in any tool result, raw HTTP answer (status, headers, body), SSE stream or log line (at debug
 * level), over stdio, Streamable HTTP (the credential as bearer; and behind MCP_AUTH_TOKEN with the credential
 * in the app's header) and SSE, for every tool without a fault and under each upstream fault, and in the
 * answers to refused requests. Every test checks that its calls reached the fake with the credential and
 * failed or succeeded as they must; the last checks that every answer was collected, so the absence of the
 * secrets is not vacuous. Call it at the top level of a test file.
 */
export function secretsSuite<Fake extends SecretsFake<unknown>>(
  vitest: SuiteApi,
  spec: SecretsSpec<Fake>,
): void {
  const { afterAll, beforeAll, describe, expect, it } = vitest;
  const { credential, mcpToken } = spec.canaries;
  const args = spec.args ?? [];
  let fake: Fake;
  let stdio: ConnectedClient;
  let open: HttpServerProcess;
  let guarded: HttpServerProcess;
  /** Everything a client or an operator could read: results, raw HTTP answers with headers, logs. */
  const seen: string[] = [];

  beforeAll(async () => {
    fake = await spec.startFake(credential);
    const env = { ...spec.env(fake.url), MCP_LOG_LEVEL: "debug" };
    [stdio, open, guarded] = await Promise.all([
      connectClient({
        transport: "stdio",
        script: spec.bin,
        args,
        env: { ...env, [spec.credentialVariable]: credential },
      }),
      startHttpServerProcess({ script: spec.bin, args, env }),
      startHttpServerProcess({ script: spec.bin, args, env: { ...env, MCP_AUTH_TOKEN: mcpToken } }),
    ]);
  });

  afterAll(async () => {
    await stdio?.close();
    await Promise.all([open?.stop(), guarded?.stop()]);
    await fake?.close();
  });

  const everyTool = () => {
    const calls = Object.entries(spec.arguments(fake));
    expect(calls.map(([name]) => name)).toHaveLength(spec.toolCount);
    return calls;
  };
  type Fault = FaultOf<Fake>;
  const underFault = async <T>(fault: Fault | undefined, run: () => Promise<T>): Promise<T> => {
    if (fault !== undefined) fake.setFault(fault);
    try {
      return await run();
    } finally {
      fake.clearFaults();
    }
  };
  /** Calls every tool over raw HTTP, keeping each whole answer (status, headers, body). */
  const everyToolOverHttp = async (server: HttpServerProcess, headers: Record<string, string>) => {
    const answers = await Promise.all(
      everyTool().map(([name, input]) => postMcp(server.url, toolCall(name, input), headers)),
    );
    seen.push(...answers.map(responseText));
    return answers;
  };
  const succeeded = (body: string) => body.includes('"result"') && !body.includes('"isError":true');
  const label = (fault: Fault | undefined) => JSON.stringify(fault ?? "no fault");

  describe("the canary credential and MCP token never show", () => {
    it("over stdio: every tool, then every fault, then every tool refused", async () => {
      const from = fake.credentialUses();
      for (const [name, input] of everyTool()) {
        const result = await callTool(stdio.client, name, input);
        expect(result.isError, `${name}: ${result.text}`).toBe(false);
        seen.push(result.text, result.data);
      }
      // The configured credential reached the fake on every call, and the fake accepts nothing else.
      expect(fake.credentialUses() - from).toBeGreaterThanOrEqual(spec.toolCount);
      for (const fault of spec.faults) {
        const result = await underFault(fault, () => callTool(stdio.client, spec.probe, {}));
        expect(result.isError, label(fault)).toBe(true);
        seen.push(result.text);
      }
      const refused = await underFault(spec.refusal, async () => {
        const results: ToolOutcome[] = [];
        for (const [name, input] of everyTool()) results.push(await callTool(stdio.client, name, input));
        return results;
      });
      expect(refused.filter((result) => !result.isError).map((result) => result.text)).toEqual([]);
      seen.push(...refused.map((result) => result.text), stdio.stderr());
    });

    it("over Streamable HTTP with the credential as bearer: every tool × every fault, whole answers", async () => {
      const auth = { authorization: `Bearer ${credential}` };
      const from = fake.credentialUses();
      const answers = await everyToolOverHttp(open, auth);
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      expect(answers.filter((answer) => !succeeded(answer.body)).map((answer) => answer.body)).toEqual([]);
      expect(fake.credentialUses() - from).toBeGreaterThanOrEqual(spec.toolCount);
      for (const fault of spec.faults) {
        const failed = await underFault(fault, () => everyToolOverHttp(open, auth));
        for (const answer of failed) expect(answer.body, label(fault)).toContain('"isError":true');
      }
    });

    it("over Streamable HTTP behind MCP_AUTH_TOKEN, with the credential in the app's header", async () => {
      const auth = { authorization: `Bearer ${mcpToken}`, [spec.credentialHeader]: credential };
      const from = fake.credentialUses();
      const answers = await everyToolOverHttp(guarded, auth);
      expect(answers.filter((answer) => !succeeded(answer.body)).map((answer) => answer.body)).toEqual([]);
      expect(fake.credentialUses() - from).toBeGreaterThanOrEqual(spec.toolCount);
      const refusedUpstream = await underFault(spec.refusal, () => everyToolOverHttp(guarded, auth));
      for (const answer of refusedUpstream) expect(answer.body).toContain('"isError":true');
      // Refusals: no token, the credential sent as the token, a wrong token, a malformed body carrying both.
      const probe = toolCall(spec.probe, {});
      const refusals = await Promise.all([
        postMcp(guarded.url, probe, { [spec.credentialHeader]: credential }),
        postMcp(guarded.url, probe, { authorization: `Bearer ${credential}` }),
        postMcp(guarded.url, probe, { authorization: `Bearer ${mcpToken}x` }),
        postMcp(guarded.url, `{"broken": "${credential} ${mcpToken}"`, {
          authorization: `Bearer ${mcpToken}`,
        }),
        sendRaw(`${guarded.url}/messages?sessionId=${credential}`, {
          headers: { authorization: `Bearer ${mcpToken}` },
        }),
      ]);
      expect(refusals.map((answer) => answer.status)).toEqual([401, 401, 401, 400, 404]);
      seen.push(...refusals.map(responseText));
    });

    it("over SSE: every tool, and every tool under a fault", async () => {
      const auth = { authorization: `Bearer ${credential}` };
      const sse = await connectClient({ transport: "sse", server: open }, auth);
      const from = seen.length;
      try {
        for (const fault of [undefined, ...spec.faults.slice(0, SSE_FAULTS)]) {
          const uses = fake.credentialUses();
          const calls = everyTool();
          const results = await underFault(fault, () =>
            Promise.all(calls.map(([name, input]) => callTool(sse.client, name, input))),
          );
          seen.push(...results.map((result) => result.text + result.data));
          // The credential reached the fake: without a fault the probe reads, under one every tool fails.
          expect(fake.credentialUses() - uses, label(fault)).toBeGreaterThanOrEqual(spec.toolCount);
          if (fault !== undefined)
            expect(
              results.every((result) => result.isError),
              label(fault),
            ).toBe(true);
          else {
            const probe = results[calls.findIndex(([name]) => name === spec.probe)];
            expect(probe?.isError, probe?.text).toBe(false);
          }
        }
        // The raw stream too: its endpoint event and the answers it carries.
        const session = await openSseSession(open.url, auth);
        const posted = await session.post(toolCall(spec.probe, {}));
        session.drop();
        expect(posted.status).toBe(202);
        expect(session.sessionId).toMatch(/^[\w-]{8,}$/);
        seen.push(responseText(posted), session.sessionId);
        const ownAnswers = seen.slice(from).join("\n");
        expect(seen.length - from).toBe((1 + SSE_FAULTS) * spec.toolCount + 2);
        expect(ownAnswers).not.toContain(credential);
        expect(ownAnswers).not.toContain(mcpToken);
      } finally {
        await sse.close();
      }
    });

    it("no result, answer, header or log line contains either secret", () => {
      const tools = spec.toolCount;
      const faults = spec.faults.length;
      // Every answer of every test above was collected: the search below is not of an empty or partial record.
      const stdioAnswers = 3 * tools + faults + 1;
      const bearerAnswers = tools * (1 + faults);
      const guardedAnswers = 2 * tools + 5;
      const sseAnswers = (1 + SSE_FAULTS) * tools + 2;
      const expected = stdioAnswers + bearerAnswers + guardedAnswers + sseAnswers;
      expect(seen.length).toBe(expected);
      const everything = [...seen, open.stderr(), guarded.stderr(), stdio.stderr()].join("\n");
      expect(everything).not.toContain(credential);
      expect(everything).not.toContain(mcpToken);
      // The fake saw the credential on every call that could carry it: the checks above were not vacuous.
      expect(fake.credentialUses()).toBeGreaterThanOrEqual(tools * (faults + 1));
    });
  });
}
