import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  type EchoUpstream,
  echoModes,
  leakedSecretFragments,
  startEchoUpstream,
  sweepEchoModes,
} from "./echo-upstream.js";
import { postMcp, responseText } from "./hardening.js";
import type { SuiteApi } from "./http-hardening-suite.js";
import {
  type ConnectedClient,
  connectClient,
  type HttpServerProcess,
  startHttpServerProcess,
} from "./process.js";

/** What the credential echo suite needs to know about one app. */
export interface CredentialEchoSpec {
  /** The built bin. */
  bin: string;
  /** Environment of a server whose API root is `apiUrl`, with no credential configured and no retries. */
  env(apiUrl: string): Record<string, string | undefined>;
  /** The variable that configures the server's credential, e.g. `INTERVALS_API_KEY`. */
  credentialVariable: string;
  /** The header a request may bring its own credential in besides `Authorization`, e.g. `x-intervals-api-key`. */
  credentialHeader: string;
  /** Three canary credentials (configured, bearer, header), each starting with characters found nowhere else. */
  canaries: { configured: string; bearer: string; header: string };
  /** A tool call that makes one upstream request. */
  probe: { name: string; arguments: Record<string, unknown> };
  /** How many characters of an error body the app's client quotes, so that a cut lands inside the credential. */
  cutAt: number;
  /** What the credential is called in the test's name: "key", "token". */
  credentialName: string;
}

const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((part) => (part.type === "text" ? part.text : "")).join("\n");

/**
 * Registers the credential echo test for one app's built bin: against an upstream that refuses every request
 * and echoes the credential in every encoding ({@link echoModes}), no piece of any encoding of a configured,
 * bearer or header credential reaches a result over stdio or HTTP, or the server's log (at debug level).
 */
export function credentialEchoSuite(vitest: SuiteApi, spec: CredentialEchoSpec): void {
  const { afterAll, beforeAll, expect, it } = vitest;
  const { configured, bearer, header } = spec.canaries;
  let upstream: EchoUpstream;
  let stdio: ConnectedClient;
  let http: HttpServerProcess;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    const env = { ...spec.env(upstream.url), MCP_LOG_LEVEL: "debug" };
    [stdio, http] = await Promise.all([
      connectClient({
        transport: "stdio",
        script: spec.bin,
        env: { ...env, [spec.credentialVariable]: configured },
      }),
      startHttpServerProcess({ script: spec.bin, env }),
    ]);
  });

  afterAll(async () => {
    await stdio?.close();
    await http?.stop();
    await upstream?.close();
  });

  const toolCall = { jsonrpc: "2.0", id: 1, method: "tools/call", params: spec.probe };
  const overHttp = (headers: Record<string, string>) => async () => {
    const answer = await postMcp(http.url, toolCall, headers);
    expect(answer.body).toContain('"isError":true');
    return responseText(answer);
  };

  it(`an upstream echoing the ${spec.credentialName} in its error bodies never gets any encoding of it to a user or a log`, async () => {
    const modes = echoModes(spec.cutAt);
    const seen = await sweepEchoModes(upstream, modes, [
      async () => {
        const result = await stdio.client.callTool(spec.probe);
        expect(result.isError).toBe(true);
        return textOf(result);
      },
      overHttp({ authorization: `Bearer ${bearer}` }),
      overHttp({ [spec.credentialHeader]: header }),
    ]);
    const everything = [...seen, stdio.stderr(), http.stderr()].join("\n");
    expect(leakedSecretFragments(everything, [configured, bearer, header])).toEqual([]);
    // Not vacuous: the upstream saw a credential on every call, and its words reached the results.
    expect(upstream.authorizedRequests).toBeGreaterThanOrEqual(modes.length * 3);
    expect(everything).toContain("was refused");
  });
}
