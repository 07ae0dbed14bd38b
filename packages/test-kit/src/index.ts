import { createMcpServer, type RegisterOptions, type ServerDefinition } from "@mcp-connectors/tool-builder";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";

export { type BrowseOptions, browse } from "./browser.js";
export {
  type EchoMode,
  type EchoUpstream,
  echoModes,
  echoOf,
  leakedSecretFragments,
  startEchoUpstream,
  sweepEchoModes,
} from "./echo-upstream.js";
export { type FakeOAuthProvider, startFakeOAuthProvider } from "./fake-oauth-provider.js";
export * from "./hardening.js";
export {
  InMemoryOAuthClient,
  type PlayBrowser,
  REDIRECT_URI,
  responseRecorder,
  signInWithSdk,
} from "./oauth-client.js";
export {
  type HandedOverSignIn,
  INVALID_TOKEN_CHALLENGE,
  type OAuthServerProcess,
  startOAuthServerProcess,
} from "./oauth-server-process.js";
export {
  type ConnectedClient,
  connectClient,
  exchangeOverStdio,
  type HttpServerProcess,
  type RawMessage,
  type ServerProcessOptions,
  startHttpServerProcess,
} from "./process.js";
export { type LocalRedis, startLocalRedis } from "./redis-server.js";
export { type ProxiedRequest, type RoundRobinProxy, startRoundRobinProxy } from "./round-robin-proxy.js";
export {
  type ForkedFakeControls,
  mostWithin,
  type ReplicaSet,
  redisServerMissing,
  serveForkedFake,
  startForkedFake,
  startReplicaSet,
} from "./scale-out.js";
export { type ObjectSchemaLike, undeclaredKeys } from "./undeclared-keys.js";

/** A client connected in memory to a server built from tool definitions; close it when done. */
export interface TestClient {
  client: Client;
  close(): Promise<void>;
}

/**
 * Builds a server from a definition and connects an official SDK client to it in memory, for fast tests
 * of tools without a process or a socket.
 * @param credential an upstream credential to attach to every request, as an HTTP request would
 */
export async function createTestClient(
  definition: ServerDefinition,
  options: RegisterOptions & { credential?: string } = {},
): Promise<TestClient> {
  const server = createMcpServer(definition, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const credential = options.credential;
  if (credential !== undefined) {
    // The in-memory transport carries auth info per message: attach the credential the way HTTP does.
    const send = clientSide.send.bind(clientSide);
    clientSide.send = (message, sendOptions) =>
      send(message, {
        ...sendOptions,
        authInfo: { token: "", clientId: "test", scopes: [], extra: { upstreamCredential: credential } },
      });
  }
  await server.connect(serverSide);
  const client = new Client({ name: "test-client", version: "0.0.0" });
  await client.connect(clientSide);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
