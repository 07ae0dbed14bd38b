import { fileURLToPath } from "node:url";
import type { FakeStore } from "@mcp-connectors/polar-metrics/testing";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";

/** The built server, as `npx` runs it. */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** The text of a tool result. */
export function textOf(result: unknown): string {
  return (result as CallToolResult).content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

/** The structured data of a successful tool result; fails the test on an error result. */
export function dataOf<T = Record<string, unknown>>(result: unknown): T {
  const { isError, structuredContent } = result as CallToolResult;
  expect(isError, textOf(result)).toBeFalsy();
  return structuredContent as T;
}

/** A calendar day `days` from today (UTC), `YYYY-MM-DD`. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const DAY = 86_400_000;
const startOf = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Orders in [start, end] (UTC days), read straight from the fake's store. */
export function ordersIn(store: FakeStore, start: string, end: string, productId?: string) {
  return store.orders.filter(
    (order) =>
      order.at >= startOf(start) &&
      order.at < startOf(end) + DAY &&
      (productId === undefined || order.productId === productId),
  );
}

/** Revenue (cents) and order count over [start, end] (UTC days), computed from the store, not the client. */
export function salesIn(store: FakeStore, start: string, end: string, productId?: string) {
  const orders = ordersIn(store, start, end, productId);
  return { revenue: orders.reduce((sum, order) => sum + order.subtotal, 0), orders: orders.length };
}

/** Paying subscriptions (not in trial) at an instant, counted from the store. */
export function activeAt(store: FakeStore, time: number) {
  return store.subscriptions.filter(
    (s) =>
      s.startedAt <= time &&
      (s.endedAt === null || s.endedAt > time) &&
      (s.trialEndsAt === null || s.trialEndsAt <= time),
  ).length;
}

/** Churn over [start, end] (UTC days): subscriptions that ended in it (not lapsed trials) ÷ active at its start. */
export function churnOver(store: FakeStore, start: string, end: string) {
  const [from, to] = [startOf(start), startOf(end) + DAY];
  const churned = store.subscriptions.filter(
    (s) =>
      s.endedAt !== null &&
      s.endedAt >= from &&
      s.endedAt < to &&
      !(
        s.trialEndsAt !== null &&
        s.endedAt === s.trialEndsAt &&
        s.canceledAt !== null &&
        s.canceledAt < s.trialEndsAt
      ),
  ).length;
  return churned / activeAt(store, from - 1);
}

/** Environment for a spawned server that must not pick up a token from the developer's shell. */
export const CLEAN_ENV = {
  POLAR_ACCESS_TOKEN: undefined,
  POLAR_API_KEY: undefined,
  POLAR_OAT: undefined,
  POLAR_SERVER: undefined,
  POLAR_SANDBOX: undefined,
  POLAR_API_BASE_URL: undefined,
  POLAR_ORGANIZATION_ID: undefined,
  POLAR_TIMEZONE: undefined,
  MCP_AUTH_TOKEN: undefined,
  MCP_TRANSPORT: undefined,
};
