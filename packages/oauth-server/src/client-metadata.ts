// Client ID metadata documents (the MCP authorization spec of 2025-11-25): a client may use an https URL as
// its client_id, and the authorization server reads the client's metadata from that URL instead of asking it
// to register. Such a client is public (no secret); the document must name itself as the client_id.
import { InvalidClientError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import {
  type OAuthClientInformationFull,
  OAuthClientMetadataSchema,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { isLoopbackHost } from "./loopback.js";
import { REDIRECT_URI_RULE } from "./redirect-uri.js";

/**
 * Fetches a client's metadata document. The default (`createClientMetadataFetch`) reaches only public https
 * hosts and follows no redirects; a replacement (an egress proxy, a test) must keep to the same rules.
 */
export type FetchClientMetadata = (url: URL, signal: AbortSignal) => Promise<Response>;

/** Metadata documents are small; anything larger is refused unread. */
export const MAX_METADATA_DOCUMENT_BYTES = 5 * 1024;
/** How long a client_id URL may take to answer, in milliseconds. */
export const METADATA_FETCH_TIMEOUT_MS = 5_000;

/**
 * Whether a client_id is a metadata document URL: https with a path (the spec's form), not a registered id.
 * @param allowLoopback also accept `http://` on a loopback host (tests only)
 */
export function isClientMetadataUrl(clientId: string, allowLoopback = false): boolean {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  const scheme =
    url.protocol === "https:" || (allowLoopback && url.protocol === "http:" && isLoopbackHost(url.hostname));
  return (
    scheme &&
    url.href === clientId &&
    url.pathname !== "/" &&
    url.hash === "" &&
    url.username === "" &&
    url.password === ""
  );
}

/** Whether a client_id looks like a URL at all, to refuse an unusable one with a reason, not as unknown. */
export const looksLikeUrl = (clientId: string) => /^[a-z][a-z\d+.-]*:\/\//i.test(clientId);

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_METADATA_DOCUMENT_BYTES) throw tooLarge();
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_METADATA_DOCUMENT_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Lets go of a body that will not be read. */
const discard = (response: Response) => void response.body?.cancel().catch(() => {});

const tooLarge = () =>
  new InvalidClientError(`The client metadata document is larger than ${MAX_METADATA_DOCUMENT_BYTES} bytes.`);

/**
 * Reads and checks the metadata document a client_id URL points at.
 * @param acceptableRedirect the server's rule for redirect URIs, as for registered clients
 * @param options.timeoutMs how long the URL may take to answer (default 5000)
 * @throws InvalidClientError saying what is wrong with the document or why it could not be read
 */
export async function loadClientMetadataDocument(
  clientId: string,
  fetchDocument: FetchClientMetadata,
  acceptableRedirect: (uri: string) => boolean,
  options: { timeoutMs?: number } = {},
): Promise<OAuthClientInformationFull> {
  const timeoutMs = options.timeoutMs ?? METADATA_FETCH_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const unreadable = () =>
    new InvalidClientError(
      signal.aborted
        ? `The client_id URL did not answer within ${timeoutMs / 1000} s; the client's metadata document must be quick to fetch.`
        : "The client metadata document could not be fetched from the client_id URL; check that it is reachable over https.",
    );
  let text: string;
  try {
    const response = await fetchDocument(new URL(clientId), signal);
    if (!response.ok) {
      discard(response);
      throw new InvalidClientError(
        `The client_id URL answered HTTP ${response.status}, not a metadata document${response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : ""}.`,
      );
    }
    if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(response.headers.get("content-type") ?? "")) {
      discard(response);
      throw new InvalidClientError(
        "The client metadata document must be served as JSON (Content-Type application/json).",
      );
    }
    text = await readLimited(response);
  } catch (error) {
    throw error instanceof InvalidClientError ? error : unreadable();
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidClientError("The client metadata document is not valid JSON.");
  }
  const parsed = OAuthClientMetadataSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidClientError(
      `The client metadata document is invalid: ${issue?.path.join(".") || "document"}: ${issue?.message ?? "not an object"}.`,
    );
  }
  if ((document as { client_id?: unknown }).client_id !== clientId) {
    throw new InvalidClientError("The client metadata document's client_id must be the URL it is served at.");
  }
  const metadata = parsed.data;
  if (metadata.redirect_uris.length === 0 || !metadata.redirect_uris.every(acceptableRedirect)) {
    throw new InvalidClientError(
      `The client metadata document's redirect_uris must be ${REDIRECT_URI_RULE}.`,
    );
  }
  const secret = document as { client_secret?: unknown; client_secret_expires_at?: unknown };
  if (secret.client_secret !== undefined || secret.client_secret_expires_at !== undefined) {
    throw new InvalidClientError(
      "The client metadata document must not contain client_secret: the document is public, so such a secret would be too.",
    );
  }
  if ((metadata.token_endpoint_auth_method ?? "none") !== "none") {
    throw new InvalidClientError(
      "A client identified by a metadata document is public here: its token_endpoint_auth_method must be none.",
    );
  }
  return {
    ...metadata,
    client_id: clientId,
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
  };
}
