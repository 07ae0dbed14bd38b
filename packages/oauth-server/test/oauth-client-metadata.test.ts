import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type FakeOAuthProvider,
  REDIRECT_URI,
  responseRecorder,
  signInWithSdk,
  startFakeOAuthProvider,
} from "@mcp-connectors/test-kit";
import { createLogger, createRedactor, defineTool } from "@mcp-connectors/tool-builder";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  isClientMetadataUrl,
  loadClientMetadataDocument,
  MAX_METADATA_DOCUMENT_BYTES,
} from "../src/client-metadata.js";
import {
  createClientMetadataFetch,
  fetchPublicClientMetadata,
  isPublicAddress,
} from "../src/client-metadata-fetch.js";
import { createOAuth2Upstream, type FetchClientMetadata } from "../src/index.js";
import { type OAuthHttpServer, startOAuthHttpServer } from "./helpers/http-server.js";

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
const loopbackFetch = createClientMetadataFetch({ allowLoopback: true });

/**
 * Client metadata documents as their hosts serve them, on loopback: each path is a case.
 * `/as-https/mcp/client.json` is the document of the https client_id {@link CLIENT_URL}, for the SDK client.
 */
function startDocumentServer() {
  const requested: string[] = [];
  const send = (res: ServerResponse, body: unknown, type = "application/json") =>
    res.writeHead(200, { "content-type": type }).end(typeof body === "string" ? body : JSON.stringify(body));
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    requested.push(path);
    const self = `${origin}${path}`;
    switch (path) {
      case "/good.json":
        return send(res, document({ client_id: self }));
      case "/mismatch.json":
        return send(res, document({ client_id: `${origin}/good.json` }));
      case "/other-redirect.json":
        return send(res, document({ client_id: self, redirect_uris: ["http://127.0.0.1:9/elsewhere"] }));
      case "/secret.json":
        return send(res, document({ client_id: self, client_secret: "fake-published-secret" }));
      case "/page.json":
        return send(res, "<html><body>a web page</body></html>", "text/html");
      case "/not-json.json":
        return send(res, "<html><body>a web page</body></html>");
      case "/large.json":
        // Streamed without Content-Length: the size is only known by reading.
        res.writeHead(200, { "content-type": "application/json" });
        res.write(`{"client_id":"${self}","padding":"`);
        res.write("x".repeat(MAX_METADATA_DOCUMENT_BYTES));
        return res.end('"}');
      case "/redirect.json":
        return res.writeHead(302, { location: "/good.json" }).end();
      case "/hang.json":
        return; // never answers
      case "/as-https/mcp/client.json":
        return send(res, document());
      default:
        return res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  let origin = "";
  return new Promise<{ origin: string; requested: string[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        origin,
        requested,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

/** A port nothing listens on: a server's, after it closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let docs: Awaited<ReturnType<typeof startDocumentServer>>;
beforeAll(async () => {
  docs = await startDocumentServer();
});
afterAll(() => docs.close());

describe("client metadata documents", () => {
  test("a client_id is a document URL only when it is https with a path, in normal form", () => {
    expect(isClientMetadataUrl(CLIENT_URL)).toBe(true);
    expect(isClientMetadataUrl("https://client.example/")).toBe(false);
    expect(isClientMetadataUrl("https://Client.Example/mcp/client.json")).toBe(false);
    expect(isClientMetadataUrl("https://client.example/mcp/../client.json")).toBe(false);
    expect(isClientMetadataUrl("http://client.example/client.json")).toBe(false);
    expect(isClientMetadataUrl("0b3c1e4e-2f7a-4c55-9a1e-6f5d2c3b4a19")).toBe(false);
    // Plain http only on loopback, and only when a test asks for it.
    expect(isClientMetadataUrl("http://127.0.0.1:8123/client.json")).toBe(false);
    expect(isClientMetadataUrl("http://127.0.0.1:8123/client.json", true)).toBe(true);
    expect(isClientMetadataUrl("http://client.example/client.json", true)).toBe(false);
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
      /larger than 5120 bytes/,
    ],
    ["has no redirect_uris", () => json(document({ redirect_uris: [] })), /redirect_uris/],
    [
      "wants a client secret",
      () => json(document({ token_endpoint_auth_method: "client_secret_basic" })),
      /public/,
    ],
    [
      "publishes a client_secret",
      () => json(document({ client_secret: "fake-published-secret" })),
      /must not contain client_secret/,
    ],
    ["is missing (404)", () => new Response("no", { status: 404 }), /HTTP 404/],
    ["cannot be reached", () => Promise.reject(new TypeError("fetch failed")), /could not be fetched/],
  ])("is refused when the document %s", async (_case, answer, message) => {
    await expect(load(answer)).rejects.toThrow(message);
  });

  test("only public addresses count as public, IPv4 inside IPv6 included", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.0.7",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::",
      "::1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "64:ff9b::a00:1",
      "fd00::1",
      "fe80::1",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["8.8.8.8", "203.0.113.9", "2606:4700:4700::1111"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    // The test option admits loopback, and nothing else that is private.
    expect(isPublicAddress("127.0.0.1", true)).toBe(true);
    expect(isPublicAddress("::1", true)).toBe(true);
    expect(isPublicAddress("10.1.2.3", true)).toBe(false);
  });

  test("the default fetch refuses plain http and private or loopback addresses before sending anything", async () => {
    const signal = AbortSignal.timeout(5_000);
    for (const url of [
      "http://client.example/c.json",
      `${docs.origin}/good.json`,
      "https://127.0.0.1/c.json",
      "https://0x7f.1/c.json",
      "https://[::ffff:7f00:1]/c.json",
      "https://[fd00::1]/c.json",
      "https://10.1.2.3/c.json",
      "https://192.168.0.7/c.json",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/c.json",
      // A name is checked by the addresses it resolves to when connecting.
      "https://localhost/c.json",
    ]) {
      await expect(fetchPublicClientMetadata(new URL(url), signal), url).rejects.toThrow(
        /must use https|private or loopback address/,
      );
    }
    expect(docs.requested).not.toContain("/good.json");
  });
});

describe("reading documents over HTTP", () => {
  const read = (path: string, timeoutMs?: number) =>
    loadClientMetadataDocument(`${docs.origin}${path}`, loopbackFetch, anyRedirect, { timeoutMs });

  test("a document served on loopback is read when the test option allows loopback", async () => {
    expect((await read("/good.json")).client_id).toBe(`${docs.origin}/good.json`);
  });

  test.each([
    ["/mismatch.json", /client_id must be the URL it is served at/],
    ["/page.json", /must be served as JSON/],
    ["/not-json.json", /not valid JSON/],
    ["/large.json", /larger than 5120 bytes/],
    ["/secret.json", /must not contain client_secret/],
    ["/missing.json", /answered HTTP 404/],
  ])("%s is refused", async (path, message) => {
    await expect(read(path)).rejects.toThrow(message);
  });

  test("a redirect is not followed", async () => {
    const before = docs.requested.length;
    await expect(read("/redirect.json")).rejects.toThrow(/HTTP 302.*redirects are not followed/);
    expect(docs.requested.slice(before)).toEqual(["/redirect.json"]);
  });

  test("a host that does not answer in time or at all is refused as unreachable", async () => {
    await expect(read("/hang.json", 200)).rejects.toThrow(/did not answer within 0.2 s/);
    const unreachable = `http://127.0.0.1:${await closedPort()}/client.json`;
    await expect(loadClientMetadataDocument(unreachable, loopbackFetch, anyRedirect)).rejects.toThrow(
      /could not be fetched/,
    );
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

/** An /authorize URL with a valid PKCE challenge; the verifier is returned for the token request. */
function authorizeUrl(serverUrl: string, clientId: string, redirectUri = REDIRECT_URI) {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${serverUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "some-state",
  }).toString();
  return { url, verifier };
}

const refusedAuthorize = async (serverUrl: string, clientId: string, redirectUri?: string) => {
  const response = await fetch(authorizeUrl(serverUrl, clientId, redirectUri).url, { redirect: "manual" });
  return {
    status: response.status,
    location: response.headers.get("location"),
    body: (await response.json()) as { error: string; error_description: string },
  };
};

describe("signing in with a client ID metadata document", () => {
  let upstream: FakeOAuthProvider;
  let server: OAuthHttpServer;
  let loopbackServer: OAuthHttpServer;

  beforeAll(async () => {
    upstream = await startFakeOAuthProvider();
    // The SDK client insists on an https client_id; its document is read from the loopback server instead.
    const fetchClientMetadata: FetchClientMetadata = (url, signal) =>
      loopbackFetch(new URL(`${docs.origin}/as-https${url.pathname}`), signal);
    const log = createLogger({ name: "cimd", redact: createRedactor(), write: () => {} });
    const upstreamProvider = createOAuth2Upstream({ ...upstream, clientAuthentication: "basic" as const });
    server = await startOAuthHttpServer({ upstream: upstreamProvider, fetchClientMetadata }, log, [whoami]);
    loopbackServer = await startOAuthHttpServer(
      { upstream: upstreamProvider, allowLoopbackClientMetadata: true },
      log,
      [whoami],
    );
  });

  afterAll(async () => {
    await server.close();
    await loopbackServer.close();
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
      expect(docs.requested).toContain("/as-https/mcp/client.json");
      // The consent page names the host the document came from, the one thing the server verified.
      expect(recorder.seen.join("\n")).toContain(
        "<strong>Example MCP client</strong> (from <strong>client.example</strong>)",
      );
      const result = await client.callTool({ name: "whoami", arguments: {} });
      expect(result.structuredContent).toEqual({ signedIn: true });
    } finally {
      await client.close();
    }
  });

  test("with the test option, a loopback client_id signs in through /authorize and /token", async () => {
    const clientId = `${docs.origin}/good.json`;
    const { url, verifier } = authorizeUrl(loopbackServer.url, clientId);
    const back = await upstream.signIn(url, "grace", REDIRECT_URI);
    expect(back.searchParams.get("state")).toBe("some-state");
    const tokenResponse = await fetch(`${loopbackServer.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: back.searchParams.get("code") ?? "",
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
        client_id: clientId,
      }),
    });
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as { access_token: string };
    const client = new Client({ name: "raw", version: "1" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${loopbackServer.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${tokens.access_token}` } },
      }),
    );
    try {
      expect((await client.callTool({ name: "whoami", arguments: {} })).structuredContent).toEqual({
        signedIn: true,
      });
    } finally {
      await client.close();
    }
  });

  test.each([
    ["/mismatch.json", undefined, /client_id must be the URL it is served at/],
    ["/good.json", "http://127.0.0.1:9/not-listed", /redirect_uri is not one of the client's/],
    ["/other-redirect.json", undefined, /redirect_uri is not one of the client's/],
    ["/not-json.json", undefined, /not valid JSON/],
    ["/page.json", undefined, /must be served as JSON/],
    ["/large.json", undefined, /larger than 5120 bytes/],
    ["/redirect.json", undefined, /HTTP 302.*redirects are not followed/],
  ])(
    "/authorize refuses %s (redirect_uri %s) with an error and no redirect",
    async (path, redirectUri, message) => {
      const refused = await refusedAuthorize(loopbackServer.url, `${docs.origin}${path}`, redirectUri);
      expect(refused.status).toBe(400);
      expect(refused.location).toBeNull();
      expect(refused.body).toEqual({
        error: "invalid_request",
        error_description: expect.stringMatching(message),
      });
    },
  );

  test("/authorize refuses an unreachable document host", async () => {
    const refused = await refusedAuthorize(
      loopbackServer.url,
      `http://127.0.0.1:${await closedPort()}/client.json`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error_description).toMatch(/could not be fetched/);
  });

  test("/token refuses a client whose document does not name it, as invalid_client", async () => {
    const response = await fetch(`${loopbackServer.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: "made-up",
        code_verifier: "made-up",
        client_id: `${docs.origin}/mismatch.json`,
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: expect.stringMatching(/client_id must be the URL it is served at/),
    });
  });

  test("without the test option, a loopback client_id is refused as a URL, not looked up or fetched", async () => {
    const before = docs.requested.length;
    const refused = await refusedAuthorize(server.url, `${docs.origin}/good.json`);
    expect(refused.status).toBe(400);
    expect(refused.body.error_description).toMatch(/client_id URL must be an https URL with a path/);
    expect(docs.requested.length).toBe(before);
  });

  test("a document the server cannot use is refused without a redirect", async () => {
    const refused = await refusedAuthorize(server.url, "https://client.example/mcp/missing.json");
    expect(refused.status).toBe(400);
    expect(refused.location).toBeNull();
    expect(refused.body.error_description).toMatch(/answered HTTP 404/);
  });
});
