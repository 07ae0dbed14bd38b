import { expect, test } from "vitest";
import { asksOnlyForTools } from "../src/tools-only.js";

const message = (method: string, id?: number) => ({ jsonrpc: "2.0", method, ...(id && { id }) });

test("a request for tools, pings or notifications alone needs no prompts or resources", () => {
  expect(asksOnlyForTools(message("tools/call", 1))).toBe(true);
  expect(asksOnlyForTools(message("tools/list", 1))).toBe(true);
  expect(asksOnlyForTools(message("ping", 1))).toBe(true);
  expect(asksOnlyForTools([message("tools/call", 1), message("notifications/cancelled")])).toBe(true);
});

test("anything else gets the whole server: initialize, prompts, resources, responses, odd bodies", () => {
  for (const method of [
    "initialize",
    "prompts/list",
    "prompts/get",
    "resources/read",
    "completion/complete",
  ]) {
    expect(asksOnlyForTools(message(method, 1))).toBe(false);
  }
  expect(asksOnlyForTools([message("tools/call", 1), message("prompts/list", 2)])).toBe(false);
  // A client's answer to a server request has no method.
  expect(asksOnlyForTools({ jsonrpc: "2.0", id: 3, result: {} })).toBe(false);
  for (const body of [[], null, undefined, "tools/call", 42, { method: 7 }]) {
    expect(asksOnlyForTools(body)).toBe(false);
  }
});
