// The fake weather API the tests (and nothing else) run: node:http on a random loopback port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Forecast } from "./client.js";

/** The fake's key: obviously not a real one. */
export const FAKE_KEY = "fake-weather-key";

/** What the fake knows, so that tests can compute expected answers from it rather than from the code. */
export const FAKE_FORECASTS: Record<string, Omit<Forecast, "city">> = {
  oslo: { date: "2026-01-02", summary: "snow", high_c: -2, low_c: -9 },
  lisbon: { date: "2026-01-02", summary: "sun", high_c: 16, low_c: 9 },
};

export interface FakeWeather {
  url: string;
  /** The paths and keys of the requests it got, in order. */
  requests: Array<{ path: string; key: string | undefined }>;
  close(): Promise<void>;
}

export async function startFakeWeather(): Promise<FakeWeather> {
  const requests: FakeWeather["requests"] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const key = request.headers["x-api-key"];
    requests.push({ path: url.pathname, key: typeof key === "string" ? key : undefined });
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (request.method !== "GET" || url.pathname !== "/v1/forecast") return send(404, { error: "no route" });
    if (key !== FAKE_KEY) return send(401, { error: "bad key" });
    const city = (url.searchParams.get("city") ?? "").toLowerCase();
    const forecast = FAKE_FORECASTS[city];
    if (!forecast) return send(404, { error: "unknown city" });
    send(200, { city, ...forecast });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
