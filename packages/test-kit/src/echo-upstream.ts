import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** How an echoing upstream answers: the status, and how its body carries the request's credential. */
export interface EchoMode {
  status: number;
  /**
   * `json`: `{error, message, detail}` each holding the echo; `validation`: a 422-style `detail[]` list;
   * `text`: plain text. `padding` characters come first, to place the echo where a client cuts long bodies.
   */
  body: "json" | "validation" | "text";
  padding?: number;
}

/** An upstream API that refuses every request and echoes its credential back, as a careless proxy or CDN may. */
export interface EchoUpstream {
  url: string;
  /** The next requests are answered this way. */
  setMode(mode: EchoMode): void;
  /** How many requests carried an `Authorization` header (so a test knows the echo was not vacuous). */
  readonly authorizedRequests: number;
  close(): Promise<void>;
}

/** The secret inside an Authorization header: Basic's password (or whole pair) or the Bearer token. */
function secretOf(authorization: string): string {
  const [scheme = "", value = ""] = authorization.split(/\s+/, 2);
  if (scheme.toLowerCase() !== "basic") return value;
  const pair = Buffer.from(value, "base64").toString("utf8");
  return pair.slice(pair.indexOf(":") + 1);
}

/** The credential of a request in every encoding a server might echo it in. */
export function echoOf(authorization: string): string {
  const secret = secretOf(authorization);
  const base64 = (text: string) => Buffer.from(text).toString("base64");
  return [
    `${secret} was refused`,
    `header "Authorization: ${authorization}"`,
    `url ?key=${encodeURIComponent(secret)}`,
    `b64 ${base64(secret)} b64url ${Buffer.from(secret).toString("base64url")}`,
    `line ${base64(`Authorization: ${authorization}`)}`,
    `hex ${Buffer.from(secret).toString("hex")}`,
  ].join("; ");
}

/** Starts an echoing upstream on loopback. */
export async function startEchoUpstream(
  initial: EchoMode = { status: 403, body: "json" },
): Promise<EchoUpstream> {
  let mode = initial;
  let authorizedRequests = 0;
  const server = createServer((req, res) => {
    const authorization = req.headers.authorization ?? "";
    if (authorization) authorizedRequests++;
    const echo = `${"x".repeat(mode.padding ?? 0)}${authorization ? echoOf(authorization) : "no credential"}`;
    const json = (body: unknown) => {
      res.writeHead(mode.status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (mode.body === "text") res.writeHead(mode.status, { "content-type": "text/plain" }).end(echo);
    else if (mode.body === "validation")
      json({ detail: [{ loc: ["query", echo], msg: echo, type: "value_error" }] });
    else json({ error: echo, message: echo, detail: echo });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next;
    },
    get authorizedRequests() {
      return authorizedRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The statuses an upstream refuses with, each echoing the credential in every body shape. */
const ECHO_STATUSES = [401, 403, 404, 422, 500];

/**
 * Every echo mode worth sweeping for a client that cuts long error bodies at `cutAt` characters: each
 * refusal status with the echo in JSON fields, in a 422 `detail[]` list, and in plain text padded so that
 * the cut falls just before, inside and just after the start of the credential.
 */
export function echoModes(cutAt: number): EchoMode[] {
  return ECHO_STATUSES.flatMap((status) => [
    { status, body: "json" as const },
    { status, body: "validation" as const },
    ...[0, cutAt - 4, cutAt - 2, cutAt + 2].map((padding) => ({ status, body: "text" as const, padding })),
  ]);
}

/**
 * Runs every call under every echo mode, one mode at a time, and returns all they gave back (results,
 * whole HTTP answers) for a leak check. Each call makes one request upstream with its own credential.
 */
export async function sweepEchoModes(
  upstream: EchoUpstream,
  modes: readonly EchoMode[],
  calls: ReadonlyArray<() => Promise<string>>,
): Promise<string[]> {
  const seen: string[] = [];
  for (const mode of modes) {
    upstream.setMode(mode);
    seen.push(...(await Promise.all(calls.map((call) => call()))));
  }
  return seen;
}

/** Pieces of a secret in each encoding (raw, URL, hex, Base64 and Base64url at each alignment). */
function secretFragments(secret: string, length: number): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString("hex")];
  for (let shift = 0; shift < 3; shift++) {
    const shifted = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret)]);
    forms.push(shifted.toString("base64").slice(4, -4), shifted.toString("base64url").slice(4, -4));
  }
  return forms.flatMap((form) =>
    Array.from({ length: Math.max(0, form.length - length + 1) }, (_, i) => form.slice(i, i + length)),
  );
}

/**
 * What of each secret shows in a text: any 8-character piece of any of its encodings, or its first four
 * characters (a text cut through the secret leaves those; give secrets a distinctive start). Empty when
 * nothing leaked.
 */
export function leakedSecretFragments(text: string, secrets: readonly string[]): string[] {
  return secrets.flatMap((secret) =>
    [secret.slice(0, 4), ...secretFragments(secret, 8)].filter((fragment) => text.includes(fragment)),
  );
}
