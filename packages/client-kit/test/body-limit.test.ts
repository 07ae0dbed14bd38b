// The body limit over real loopback HTTP: a declared length past the limit, a body that streams past it
// without one, and answers within it arriving whole.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchWithBodyLimit, type OversizedAnswer } from "../src/body-limit.js";

let server: Server;
let base: string;
let chunksSent = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const size = Number(url.searchParams.get("bytes") ?? 0);
    if (url.pathname === "/declared") {
      response.writeHead(200, { "content-length": String(size) });
      response.end("x".repeat(size));
      return;
    }
    if (url.pathname === "/empty") {
      response.writeHead(204).end();
      return;
    }
    // Streamed in 1 KiB parts without a length, so only counting can stop it.
    response.writeHead(200, { "content-type": "application/json" });
    let left = size;
    const write = () => {
      while (left > 0) {
        const part = Math.min(1024, left);
        left -= part;
        chunksSent += 1;
        if (!response.write("y".repeat(part))) return void response.once("drain", write);
      }
      response.end();
    };
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

class TooLarge extends Error {
  constructor(readonly answer: OversizedAnswer) {
    super(`too large: ${answer.method} ${answer.path} over ${answer.maxBytes}`);
  }
}

const limited = (maxBytes: number) =>
  fetchWithBodyLimit(
    (input, init) => fetch(input, init),
    maxBytes,
    (answer) => new TooLarge(answer),
  );

describe("fetchWithBodyLimit", () => {
  test("an answer within the limit arrives whole, status and headers kept", async () => {
    const response = await limited(10_000)(`${base}/streamed?bytes=10000`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toHaveLength(10_000);
    expect((await limited(10)(`${base}/empty`)).status).toBe(204);
  });

  test("a declared length over the limit is refused before the body is read", async () => {
    const error = await limited(100)(`${base}/declared?bytes=101`).catch((caught) => caught);
    expect(error).toBeInstanceOf(TooLarge);
    expect(error.answer).toEqual({ method: "GET", path: "/declared", status: 200, maxBytes: 100 });
  });

  test("a body streaming past the limit is cancelled mid-way, not read to the end", async () => {
    chunksSent = 0;
    const request = new Request(`${base}/streamed?bytes=${64 * 1024 * 1024}`, { method: "POST", body: "{}" });
    const error = await limited(64 * 1024)(request).catch((caught) => caught);
    expect(error).toBeInstanceOf(TooLarge);
    expect(error.answer).toMatchObject({ method: "POST", path: "/streamed", maxBytes: 65_536 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // 64 MiB would be 65,536 parts; the cancel stops the server long before.
    expect(chunksSent).toBeLessThan(20_000);
  });
});
