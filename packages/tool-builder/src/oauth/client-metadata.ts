// Client ID metadata documents (the MCP authorization spec of 2025-11-25): a client may use an https URL as
// its client_id, and the authorization server reads the client's metadata from that URL instead of asking it
// to register. Such a client is public (no secret); the document must name itself as the client_id.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { InvalidClientError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import {
  type OAuthClientInformationFull,
  OAuthClientMetadataSchema,
} from "@modelcontextprotocol/sdk/shared/auth.js";

/** Fetches a client's metadata document; the default refuses private addresses and redirects. */
export type FetchClientMetadata = (url: URL, signal: AbortSignal) => Promise<Response>;

/** Metadata documents are small; anything larger is refused unread. */
export const MAX_METADATA_DOCUMENT_BYTES = 5 * 1024;
const FETCH_TIMEOUT_MS = 5_000;

/** Whether a client_id is a metadata document URL: https, with a path (the spec's form), not a registered id. */
export function isClientMetadataUrl(clientId: string): boolean {
  if (!clientId.startsWith("https://")) return false;
  try {
    const url = new URL(clientId);
    return url.pathname !== "/" && url.hash === "" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/** Loopback, private, link-local, shared and unspecified addresses: nothing a public client lives on. */
function isPrivateAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === "::" || v6 === "::1" || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}

/**
 * The default fetch: only https, only hosts whose every address is public (so that a client_id cannot make
 * the server read its own network), no redirects followed.
 */
export const fetchPublicClientMetadata: FetchClientMetadata = async (url, signal) => {
  if (url.protocol !== "https:") throw new InvalidClientError("A client_id URL must use https.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [host]
    : (await lookup(host, { all: true }).catch(() => [])).map((entry) => entry.address);
  if (addresses.length === 0) throw new InvalidClientError(`The client_id host ${host} does not resolve.`);
  if (addresses.some(isPrivateAddress)) {
    throw new InvalidClientError(`The client_id host ${host} is a private address; it must be public.`);
  }
  return fetch(url, { signal, redirect: "error", headers: { accept: "application/json" } });
};

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

const tooLarge = () =>
  new InvalidClientError(`The client metadata document is larger than ${MAX_METADATA_DOCUMENT_BYTES} bytes.`);

/**
 * Reads and checks the metadata document a client_id URL points at.
 * @param acceptableRedirect the server's rule for redirect URIs, as for registered clients
 * @throws InvalidClientError saying what is wrong with the document or why it could not be read
 */
export async function loadClientMetadataDocument(
  clientId: string,
  fetchDocument: FetchClientMetadata,
  acceptableRedirect: (uri: string) => boolean,
): Promise<OAuthClientInformationFull> {
  let response: Response;
  try {
    response = await fetchDocument(new URL(clientId), AbortSignal.timeout(FETCH_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof InvalidClientError) throw error;
    throw new InvalidClientError("The client metadata document could not be fetched from the client_id URL.");
  }
  if (!response.ok) {
    throw new InvalidClientError(
      `The client_id URL answered HTTP ${response.status}, not a metadata document.`,
    );
  }
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(response.headers.get("content-type") ?? "")) {
    throw new InvalidClientError("The client metadata document must be served as JSON.");
  }
  let document: unknown;
  try {
    document = JSON.parse(await readLimited(response));
  } catch (error) {
    if (error instanceof InvalidClientError) throw error;
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
      "The client metadata document's redirect_uris must be https URLs, http URLs on a loopback host, or private-use schemes.",
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
