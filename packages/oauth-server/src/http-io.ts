import type { IncomingMessage, ServerResponse } from "node:http";

/** A failure answered with an HTTP status and a sentence; `oauthError` adds RFC 6750 fields to a 401. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly oauthError?: string,
    /** The JSON-RPC error code of the answer, when it is not the one the status implies. */
    readonly jsonRpcCode?: number,
    /** Headers to add to the answer, such as `Retry-After`. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

/**
 * The request body as text, refusing more than `limit` bytes with a 413. The request is left readable after
 * a refusal (not destroyed), so that the rest of the body can be drained and the 413 reach the client.
 */
export function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new HttpError(413, `Request body is larger than ${limit} bytes.`);
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      req.off("end", onEnd);
      reject(tooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString("utf8"));
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", reject);
  });
}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readBodyText(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "Parse error: the request body is not valid JSON.");
  }
}
