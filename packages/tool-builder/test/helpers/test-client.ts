// An official SDK client connected in memory to a server built from a definition. `@mcp-connectors/test-kit`
// offers the same to users as `createTestClient`; the tool-builder's own tests cannot import it, since the test
// kit depends on the tool-builder and a dependency back would close a cycle between the two packages.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMcpServer, type RegisterOptions, type ServerDefinition } from "../../src/index.js";

export interface TestClient {
  client: Client;
  close(): Promise<void>;
}

/** @param credential an upstream credential attached to every request, as an HTTP request would carry it */
export async function createTestClient(
  definition: ServerDefinition,
  options: RegisterOptions & { credential?: string } = {},
): Promise<TestClient> {
  const server = createMcpServer(definition, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const { credential } = options;
  if (credential !== undefined) {
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
