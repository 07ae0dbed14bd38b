import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { daysBetween, isCalendarDate, isTimeZone } from "@mcp-connectors/client-kit";
import { METRIC_SLUGS } from "../catalog.js";
import { INTERVALS, type Interval, isInterval, MAX_SPAN_DAYS, MIN_DATE } from "../intervals.js";
import { computeMetrics } from "./compute.js";
import { type FakeFault, type FakeFaults, type FakeRoute, statusBody } from "./faults.js";
import { createFakePolarOAuth, type FakePolarOAuth } from "./oauth.js";
import { type FakeBillingType, type FakeStore, generateStore } from "./store.js";

export interface FakePolarOptions {
  /** Seeds the generated store; the same seed and `now` give the same data. Default 1. */
  seed?: number;
  /** The store runs from 2023-01-01 up to this instant. Default: now. */
  now?: Date;
  /** Faults to inject from the start (see `setFault`). */
  faults?: FakeFaults;
  /** The bearer token the fake accepts. Default: a `polar_oat_…` token derived from the seed. */
  token?: string;
  /** Further tokens it accepts with the same scopes and data, as many people's tokens would be (load tests). */
  moreTokens?: readonly string[];
  /** Scopes the token carries. Default `["metrics:read", "products:read"]`. */
  scopes?: string[];
}

/** One request the fake received. The token is never recorded, only whether it was accepted. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters; repeated keys keep every value. */
  query: Record<string, string[]>;
  polarVersion: string | undefined;
  authorization: "missing" | "valid" | "invalid";
  status: number;
  /** When it arrived, in milliseconds since the epoch. */
  at: number;
}

export interface FakePolar {
  /** Base URL to pass as the client's `baseUrl`, e.g. `http://127.0.0.1:53117`. */
  url: string;
  token: string;
  store: FakeStore;
  /** Its OAuth provider (OpenID discovery at `/.well-known/openid-configuration`); each user has own data. */
  oauth: FakePolarOAuth;
  requests: RecordedRequest[];
  setFault(route: FakeRoute, fault: FakeFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const VERSIONS = ["2026-04", "2026-10"];
const ROUTES: Record<string, { route: Exclude<FakeRoute, "*">; scope: string }> = {
  "/v1/metrics/": { route: "metrics", scope: "metrics:read" },
  "/v1/metrics/limits": { route: "limits", scope: "metrics:read" },
  "/v1/products/": { route: "products", scope: "products:read" },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  input: unknown;
}

/**
 * Starts a fake of Polar's metrics and products API on 127.0.0.1 (random port), computing every metric
 * from a generated, deterministic store. For tests and demos; imports no test framework.
 */
export async function startFakePolar(options: FakePolarOptions = {}): Promise<FakePolar> {
  const seed = options.seed ?? 1;
  const store = generateStore(seed, options.now ?? new Date());
  const token = options.token ?? `polar_oat_fake${seed.toString(36).padStart(8, "0")}demo`;
  const accepted = new Set([token, ...(options.moreTokens ?? [])]);
  const scopes = options.scopes ?? ["metrics:read", "products:read"];
  const faults = new Map<FakeRoute, FakeFault & { used: number }>();
  const setFault = (route: FakeRoute, fault: FakeFault) => faults.set(route, { ...fault, used: 0 });
  for (const [route, fault] of Object.entries(options.faults ?? {})) setFault(route as FakeRoute, fault);
  const requests: RecordedRequest[] = [];
  const oauth = createFakePolarOAuth({
    now: options.now ?? new Date(),
    baseUrl: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, statusBody(500));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake.local");
    if (await oauth.handle(request, response, url)) return;
    const header = request.headers.authorization;
    const presented = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    const signedIn = oauth.userFor(presented);
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: {},
      polarVersion: headerValue(request.headers["polar-version"]),
      authorization:
        presented === undefined ? "missing" : accepted.has(presented) || signedIn ? "valid" : "invalid",
      status: 0,
      at: Date.now(),
    };
    for (const key of new Set(url.searchParams.keys())) record.query[key] = url.searchParams.getAll(key);
    requests.push(record);
    const target = ROUTES[url.pathname];
    const fault = target ? takeFault(target.route) : undefined;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (fault?.type === "trickle") return trickle(response, status, body, fault.intervalMs);
      if (fault?.type === "max-page" && status === 200 && target?.route === "products")
        (body as { pagination: { max_page: number } }).pagination.max_page = fault.maxPage;
      send(response, status, body, headers);
    };

    if (fault?.type === "slow") await sleep(fault.delayMs);
    else if (fault && fault.type !== "trickle" && fault.type !== "max-page")
      return injectFault(fault, response, record);
    if (!target || record.method !== "GET") return reply(404, statusBody(404));
    if (record.polarVersion !== undefined && !VERSIONS.includes(record.polarVersion))
      return reply(404, statusBody(404));
    if (record.authorization === "missing") {
      return reply(
        401,
        { error: "Unauthorized", detail: "Unauthorized" },
        { "WWW-Authenticate": 'Bearer realm="polar"' },
      );
    }
    if (record.authorization === "invalid") {
      return reply(401, statusBody(401), {
        "WWW-Authenticate":
          'Bearer realm="polar", error="invalid_token", error_description="The access token is invalid."',
      });
    }
    if (!(signedIn?.scopes ?? scopes).includes(target.scope)) {
      return reply(403, statusBody(403), {
        "WWW-Authenticate": `Bearer realm="polar", error="insufficient_scope", scope="${target.scope}"`,
      });
    }
    if (target.route === "limits") return reply(200, limits());
    const data = signedIn?.store ?? store;
    const result =
      target.route === "metrics" ? metrics(url.searchParams, data) : products(url.searchParams, data);
    if ("detail" in result) return reply(422, { error: "RequestValidationError", detail: result.detail });
    return reply(200, result.body);
  }

  function takeFault(route: Exclude<FakeRoute, "*">) {
    const fault = faults.get(route) ?? faults.get("*");
    if (!fault || fault.used >= (fault.times ?? Number.POSITIVE_INFINITY)) return undefined;
    fault.used++;
    return fault;
  }

  function metrics(
    params: URLSearchParams,
    store: FakeStore,
  ): { body: unknown } | { detail: ValidationDetail[] } {
    const detail: ValidationDetail[] = [];
    const required = (name: string) => {
      const value = params.get(name);
      if (value === null)
        detail.push({ loc: ["query", name], msg: "Field required", type: "missing", input: null });
      return value;
    };
    const start = required("start_date");
    const end = required("end_date");
    const interval = required("interval");
    for (const [name, value] of [
      ["start_date", start],
      ["end_date", end],
    ] as const) {
      if (value !== null && !isCalendarDate(value)) {
        detail.push({
          loc: ["query", name],
          msg: "Input should be a valid date in the format YYYY-MM-DD",
          type: "date_from_datetime_parsing",
          input: value,
        });
      }
    }
    if (interval !== null && !isInterval(interval)) {
      detail.push({
        loc: ["query", "interval"],
        msg: `Input should be ${INTERVALS.map((name) => `'${name}'`).join(", ")}`,
        type: "enum",
        input: interval,
      });
    }
    const timeZone = params.get("timezone") ?? "UTC";
    if (!isTimeZone(timeZone))
      detail.push({
        loc: ["query", "timezone"],
        msg: "Input should be a valid IANA time zone",
        type: "enum",
        input: timeZone,
      });
    const ids = (name: string) => {
      const values = params.getAll(name);
      for (const value of values) {
        if (!UUID.test(value))
          detail.push({
            loc: ["query", name],
            msg: "Input should be a valid UUID",
            type: "uuid_parsing",
            input: value,
          });
      }
      return values;
    };
    const productIds = ids("product_id");
    const customerIds = ids("customer_id");
    ids("organization_id");
    const billingTypes = params.getAll("billing_type");
    for (const value of billingTypes) {
      if (value !== "one_time" && value !== "recurring") {
        detail.push({
          loc: ["query", "billing_type"],
          msg: "Input should be 'one_time' or 'recurring'",
          type: "enum",
          input: value,
        });
      }
    }
    const slugs = params.getAll("metrics");
    const unknown = slugs.filter((slug) => !METRIC_SLUGS.includes(slug));
    if (unknown.length > 0) {
      detail.push({
        loc: ["query", "metrics"],
        msg: `Value error, Invalid metric slugs: ${unknown.join(", ")}`,
        type: "value_error",
        input: slugs,
      });
    }
    if (detail.length > 0 || start === null || end === null || interval === null) return { detail };
    if (daysBetween(MIN_DATE, start) < 0) {
      detail.push({
        loc: ["query", "start_date"],
        msg: `Value error, start_date must be on or after ${MIN_DATE}`,
        type: "value_error",
        input: start,
      });
    }
    const span = daysBetween(start, end);
    if (span < 0)
      detail.push({
        loc: ["query", "end_date"],
        msg: "Value error, end_date must be after start_date",
        type: "value_error",
        input: end,
      });
    if (span > MAX_SPAN_DAYS[interval as Interval]) {
      detail.push({
        loc: ["query"],
        msg: `Value error, The interval is too small for the given date range. Maximum range for ${interval} interval is ${MAX_SPAN_DAYS[interval as Interval]} days.`,
        type: "value_error",
        input: { start_date: start, end_date: end, interval },
      });
    }
    if (detail.length > 0) return { detail };
    return {
      body: computeMetrics(store, {
        startDate: start,
        endDate: end,
        interval: interval as Interval,
        timeZone,
        metrics: [...new Set(slugs)],
        productIds,
        customerIds,
        billingTypes: billingTypes as FakeBillingType[],
      }),
    };
  }

  function products(
    params: URLSearchParams,
    store: FakeStore,
  ): { body: unknown } | { detail: ValidationDetail[] } {
    const page = Number(params.get("page") ?? 1);
    const limit = Number(params.get("limit") ?? 10);
    const detail: ValidationDetail[] = [];
    if (!Number.isInteger(page) || page < 1)
      detail.push({
        loc: ["query", "page"],
        msg: "Input should be greater than 0",
        type: "greater_than",
        input: params.get("page"),
      });
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      detail.push({
        loc: ["query", "limit"],
        msg: "Input should be less than or equal to 100",
        type: "less_than_equal",
        input: params.get("limit"),
      });
    }
    if (detail.length > 0) return { detail };
    const search = params.get("query")?.toLowerCase();
    const archived = params.get("is_archived");
    const matching = store.products.filter(
      (product) =>
        (!search || product.name.toLowerCase().includes(search)) &&
        (archived === null || String(product.isArchived) === archived),
    );
    const created = new Date(store.startsAt).toISOString();
    return {
      body: {
        items: matching.slice((page - 1) * limit, page * limit).map((product) => ({
          id: product.id,
          created_at: created,
          modified_at: null,
          name: product.name,
          description: product.description,
          visibility: "public",
          recurring_interval: product.recurringInterval,
          recurring_interval_count: product.recurringInterval ? 1 : null,
          is_recurring: product.billingType === "recurring",
          is_archived: product.isArchived,
          organization_id: store.organizationId,
          trial_interval: product.trialDays ? "day" : null,
          trial_interval_count: product.trialDays || null,
          metadata: {},
          prices: [
            {
              id: `${product.id.slice(0, 24)}000000000000`,
              amount_type: product.seatBased ? "seat_based" : "fixed",
              price_currency: "usd",
              price_amount: product.priceCents,
              is_archived: false,
            },
          ],
          benefits: [],
          medias: [],
          attached_custom_fields: [],
        })),
        pagination: {
          total_count: matching.length,
          max_page: Math.max(1, Math.ceil(matching.length / limit)),
        },
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    store,
    oauth,
    requests,
    setFault,
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function limits() {
  const intervals = Object.fromEntries(
    INTERVALS.map((interval) => [interval, { min_days: 0, max_days: MAX_SPAN_DAYS[interval] }]),
  );
  return { min_date: MIN_DATE, intervals };
}

function injectFault(fault: FakeFault, response: ServerResponse, record: RecordedRequest) {
  if (fault.type === "drop") {
    record.status = 0;
    response.socket?.destroy();
    return;
  }
  if (fault.type === "html") {
    record.status = fault.status ?? 502;
    response.writeHead(record.status, { "Content-Type": "text/html" });
    response.end("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>");
    return;
  }
  if (fault.type === "huge-body") {
    record.status = 200;
    void sendHugeBody(response, fault.bytes);
    return;
  }
  if (fault.type === "malformed-json") {
    record.status = 200;
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end('{"periods": [{"timestamp": ');
    return;
  }
  if (fault.type === "status") {
    record.status = fault.status;
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
    if (fault.status === 403)
      headers["WWW-Authenticate"] = 'Bearer error="insufficient_scope", scope="metrics:read"';
    send(response, fault.status, statusBody(fault.status), headers);
  }
}

/** `{"padding":"xxxx…"}` of `bytes` bytes, written as the socket drains so the fake holds little of it. */
async function sendHugeBody(response: ServerResponse, bytes: number) {
  response.writeHead(200, { "Content-Type": "application/json" });
  const part = "x".repeat(64 * 1024);
  response.write('{"padding":"');
  for (let sent = 14; sent < bytes && !response.destroyed; sent += part.length) {
    if (!response.write(part)) await drainedOrClosed(response);
  }
  if (!response.destroyed) response.end('"}');
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

async function trickle(response: ServerResponse, status: number, body: unknown, intervalMs: number) {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json" });
  const size = Math.ceil(text.length / 20);
  for (let start = 0; start < text.length && !response.destroyed; start += size) {
    response.write(text.slice(start, start + size));
    await sleep(intervalMs);
  }
  if (!response.destroyed) response.end();
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
