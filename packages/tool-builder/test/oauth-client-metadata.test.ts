import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  createLogger,
  createMcpServer,
  createOAuth2Upstream,
  createRedactor,
  defineTool,
  type FetchClientMetadata,
  type RunningHttpServer,
  startHttpServer,
} from "../src/index.js";
import {
  fetchPublicClientMetadata,
  isClientMetadataUrl,
  loadClientMetadataDocument,
  MAX_METADATA_DOCUMENT_BYTES,
} from "../src/oauth/client-metadata.js";
import { type FakeOAuthProvider, startFakeOAuthProvider } from "../src/testing/index.js";
import { REDIRECT_URI, responseRecorder, signInWithSdk } from "../src/testing/oauth-client.js";

const CLIENT_URL = "https://client.example/mcp/client.json";
const document = (overrides: Record<string, unknown> = {}) => ({
  client_id: CLIENT_URL,
  client_name: "Example MCP client",
  redirect_uris: [REDIRECT_URI],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
  ...overrides,
});
const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), {
    headers: { "content-type": "application/json", ...headers },
  });
const anyRedirect = () => true;
const load = (answer: () => Response | Promise<Response>) =>
  loadClientMetadataDocument(CLIENT_URL, async () => answer(), anyRedirect);

describe("client metadata documents", () => {
  test("a client_id is a document URL only when it is https with a path", () => {
    expect(isClientMetadataUrl(CLIENT_URL)).toBe(true);
    expect(isClientMetadataUrl("https://client.example/")).toBe(false);
    expect(isClientMetadataUrl("http://client.example/client.json")).toBe(false);
    expect(isClientMetadataUrl("0b3c1e4e-2f7a-4c55-9a1e-6f5d2c3b4a19")).toBe(false);
  });

  test("a valid document makes a public client with that URL as its id", async () => {
    const client = await load(() => json(document({ token_endpoint_auth_method: undefined })));
    expect(client).toMatchObject({
      client_id: CLIENT_URL,
      client_name: "Example MCP client",
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: "none",
    });
    expect(client.client_secret).toBeUndefined();
  });

  test.each([
    [
      "names another client_id",
      () => json(document({ client_id: "https://evil.example/c.json" })),
      /must be the URL/,
    ],
    ["is not JSON", () => json("<html>hello</html>"), /not valid JSON/],
    ["is served as HTML", () => json(document(), { "content-type": "text/html" }), /served as JSON/],
    [
      "is too large",
      () => json({ ...document(), padding: "x".repeat(MAX_METADATA_DOCUMENT_BYTES) }),
      /larger than/,
    ],
    ["has no redirect_uris", () => json(document({ redirect_uris: [] })), /redirect_uris/],
    [
      "wants a client secret",
      () => json(document({ token_endpoint_auth_method: "client_secret_basic" })),
      /public/,
    ],
    ["is missing (404)", () => new Response("no", { status: 404 }), /HTTP 404/],
    ["cannot be reached", () => Promise.reject(new TypeError("fetch failed")), /could not be fetched/],
  ])("is refused when the document %s", async (_case, answer, message) => {
    await expect(load(answer)).rejects.toThrow(message);
  });

  test("the default fetch refuses plain http and private or loopback addresses before connecting", async () => {
    const signal = AbortSignal.timeout(5_000);
    for (const url of [
      "http://client.example/c.json",
      "https://127.0.0.1/c.json",
      "https://localhost/c.json",
      "https://10.1.2.3/c.json",
      "https://192.168.0.7/c.json",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/c.json",
    ]) {
      await expect(fetchPublicClientMetadata(new URL(url), signal), url).rejects.toThrow(/https|private/);
    }
  });
});

const whoami = defineTool({
  name: "whoami",
  title: "Who am I",
  description: "Says whether a credential arrived.",
  input: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: (_input, { credential }) => ({ signedIn: credential !== undefined }),
});

describe("signing in with a client ID metadata document", () => {
  let upstream: FakeOAuthProvider;
  let server: RunningHttpServer;
  const fetched: string[] = [];

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    // The client's document, served as its host would serve it, without leaving this machine.
    const fetchClientMetadata: FetchClientMetadata = async (url) => {
      fetched.push(url.href);
      return url.href === CLIENT_URL ? json(document()) : new Response("not found", { status: 404 });
    };
    const oauth = {
      upstream: createOAuth2Upstream({ ...upstream, clientAuthentication: "basic" as const }),
      fetchClientMetadata,
    };
    const log = createLogger({ name: "cimd", redact: createRedactor(), write: () => {} });
    const newServer = () => createMcpServer({ name: "cimd", version: "1", tools: [whoami] });
    server = await startHttpServer(newServer, { host: "127.0.0.1", port: 0, oauth }, log);
  });

  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  test("the server advertises them, and the SDK client signs in with its URL instead of registering", async () => {
    const metadata = (await (
      await fetch(`${server.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata.client_id_metadata_document_supported).toBe(true);

    const recorder = responseRecorder();
    const { client, provider } = await signInWithSdk(
      server.url,
      (url, redirectUri, onResponse) => upstream.signIn(url, "frank", redirectUri, onResponse),
      recorder,
      { clientMetadataUrl: CLIENT_URL },
    );
    try {
      expect(provider.clientInformation()?.client_id).toBe(CLIENT_URL);
      expect(fetched).toContain(CLIENT_URL);
      const result = await client.callTool({ name: "whoami", arguments: {} });
      expect(result.structuredContent).toEqual({ signedIn: true });
    } finally {
      await client.close();
    }
  });

  test("an /authorize with a document the server cannot use is refused without a redirect", async () => {
    const url = new URL(`${server.url}/authorize`);
    url.search = new URLSearchParams({
      client_id: "https://client.example/mcp/missing.json",
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    }).toString();
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toMatch(/HTTP 404/);
  });
});
