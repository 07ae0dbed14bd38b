import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the proxy passed on: where it went and how it ended. */
export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Index of the backend that answered (after skipping any that refused the connection). */
  backend: number;
  /** The status the backend answered, or undefined when it never answered. */
  status: number | undefined;
  /** True once the whole answer has been passed on (a streamed answer starts long before). */
  done: boolean;
}

/** A load balancer in miniature, in front of several replicas on loopback. */
export interface RoundRobinProxy {
  url: string;
  /** Every request passed on, in order of arrival. */
  log: ProxiedRequest[];
  /**
   * Chooses the backend for a request (its index); by default the next one in turn. A test can pin steps of a
   * flow to chosen replicas this way.
   */
  route: (req: IncomingMessage, turn: number) => number;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Starts a round-robin HTTP proxy on 127.0.0.1 in front of `backends` (base URLs), as a team puts a load
 * balancer in front of replicas: it appends the caller's address to `X-Forwarded-For`, and like nginx's
 * `proxy_next_upstream error` it tries the next backend when connecting to one fails (a replica that has
 * stopped listening refuses or resets), since such a request never reached it. Answers 502 when none takes it.
 * It checks each backend's `/readyz` every `readinessCheckMs` (default 100) and sends new requests to ready
 * ones, so that a replica told to stop (which stays up, not ready, for `MCP_SHUTDOWN_DELAY_SECONDS`) is
 * left before it closes its listener.
 */
export async function startRoundRobinProxy(
  backends: readonly string[],
  options: { readinessCheckMs?: number } = {},
): Promise<RoundRobinProxy> {
  let turn = 0;
  // Like a balancer's health checks: a backend whose /readyz fails gets no new requests while others are ready.
  const notReady = new Set<string>();
  const checkEvery = options.readinessCheckMs ?? 100;
  const checker = setInterval(() => {
    for (const backend of backends) {
      // A check that takes long (a busy machine) changes nothing; a refusal or an error answer does.
      fetch(`${backend}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => {
          if (response.ok) notReady.delete(backend);
          else notReady.add(backend);
          return response.body?.cancel();
        },
        (error: Error) => {
          if (error.name !== "TimeoutError") notReady.add(backend);
        },
      );
    }
  }, checkEvery);
  checker.unref();
  const readyFrom = (chosen: number) => {
    for (let step = 0; step < backends.length; step++) {
      const index = (chosen + step) % backends.length;
      if (!notReady.has(backends[index] ?? "")) return index;
    }
    return chosen;
  };
  const proxy: RoundRobinProxy = {
    url: "",
    log: [],
    route: (_req, n) => n % backends.length,
    close: async () => {
      clearInterval(checker);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    backend: number,
    tries: number,
    entry: ProxiedRequest,
  ) => {
    const target = new URL(backends[backend] ?? "");
    const forwardedFor = [req.headers["x-forwarded-for"], req.socket.remoteAddress]
      .filter(Boolean)
      .join(", ");
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": forwardedFor, connection: "close" },
        agent: false,
      },
      (answer) => {
        entry.backend = backend;
        entry.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.once("end", () => {
          entry.done = true;
        });
        answer.pipe(res);
        res.once("close", () => answer.destroy());
      },
    );
    upstream.once("error", (error: NodeJS.ErrnoException) => {
      // Only a failure to connect: the request never reached that backend, so another may take it.
      if (error.syscall === "connect" && tries + 1 < backends.length) {
        forward(req, res, body, (backend + 1) % backends.length, tries + 1, entry);
        return;
      }
      if (!res.headersSent)
        res.writeHead(502, { "content-type": "text/plain" }).end(`Bad gateway: ${error.message}`);
      else res.destroy();
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const backend = readyFrom(proxy.route(req, turn++) % backends.length);
    const entry: ProxiedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      backend,
      status: undefined,
      done: false,
    };
    proxy.log.push(entry);
    readBody(req).then(
      (body) => forward(req, res, body, backend, 0, entry),
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
