// Fetching a client metadata document for a client_id URL without letting that URL reach into the server's
// own network: every address is checked where the connection is made, so a name that resolves to a public
// address when checked and to a private one when connecting (DNS rebinding) is refused too.
import { type LookupAddress, lookup as lookupHost } from "node:dns";
import { get as getHttp, type IncomingMessage } from "node:http";
import { get as getHttps } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { InvalidClientError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { FetchClientMetadata } from "./client-metadata.js";
import { isLoopbackHost } from "./loopback.js";

/** Loopback, private, link-local, shared, reserved and multicast networks, and IPv6 forms that embed IPv4. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 96], // unspecified, loopback and IPv4-compatible
  ["64:ff9b::", 96], // NAT64
  ["64:ff9b:1::", 48],
  ["2001::", 32], // Teredo
  ["2002::", 16], // 6to4
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * Whether an IP address is one a public client's web server can live on (IPv4-mapped IPv6 addresses are
 * judged by their IPv4 address).
 * @param allowLoopback also accept 127.0.0.0/8 and ::1 (tests only)
 */
export function isPublicAddress(address: string, allowLoopback = false): boolean {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (allowLoopback && LOOPBACK.check(address, family)) return true;
  return !NOT_PUBLIC.check(address, family);
}

const notPublic = (host: string) =>
  new InvalidClientError(
    `The client_id host ${host} has a private or loopback address; a client metadata document must be on a public https host.`,
  );

/** DNS resolution for the connection itself, refusing the host if any of its addresses is not public. */
const publicOnlyLookup =
  (allowLoopback: boolean): LookupFunction =>
  (hostname, options, callback) => {
    lookupHost(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, []);
      const first = addresses[0];
      if (!first || !addresses.every((entry) => isPublicAddress(entry.address, allowLoopback))) {
        return callback(notPublic(hostname), []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };

/** The node:http response as a fetch Response, so that custom fetchers and this one are read the same way. */
function asResponse(message: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2) {
    headers.append(message.rawHeaders[i] as string, message.rawHeaders[i + 1] as string);
  }
  const status = message.statusCode ?? 502;
  const bodyless = status === 204 || status === 205 || status === 304;
  if (bodyless) message.resume();
  const body = bodyless ? null : (Readable.toWeb(message) as unknown as ReadableStream<Uint8Array>);
  return new Response(body, { status, headers });
}

/**
 * A fetcher for client metadata documents: https only, to hosts whose every address is public (checked at
 * connection time), following no redirects (a 3xx is returned as it is, and refused as not a document).
 * @param options.allowLoopback also fetch `http://` URLs on a loopback host and connect to loopback
 *   addresses: for tests that serve a document on this machine, never for a deployed server
 */
export function createClientMetadataFetch(options: { allowLoopback?: boolean } = {}): FetchClientMetadata {
  const allowLoopback = options.allowLoopback === true;
  return (url, signal) =>
    new Promise((resolve, reject) => {
      const loopbackHttp = allowLoopback && url.protocol === "http:" && isLoopbackHost(url.hostname);
      if (url.protocol !== "https:" && !loopbackHttp) {
        throw new InvalidClientError(`A client_id URL must use https, not ${url.protocol.slice(0, -1)}.`);
      }
      const host = url.hostname.replace(/^\[|\]$/g, "");
      if (isIP(host) && !isPublicAddress(host, allowLoopback)) throw notPublic(host);
      const get = url.protocol === "https:" ? getHttps : getHttp;
      const request = get(
        url,
        {
          signal,
          agent: false,
          lookup: publicOnlyLookup(allowLoopback),
          headers: { accept: "application/json" },
        },
        (message) => resolve(asResponse(message)),
      );
      request.on("error", reject);
    });
}

/** The default fetcher: public https hosts only, no redirects. */
export const fetchPublicClientMetadata: FetchClientMetadata = createClientMetadataFetch();
