import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { bindingCookie, bindingCookieValue, expiredBindingCookie } from "../src/browser-binding.js";
import { createMemoryTokenStore } from "../src/memory-token-store.js";
import { parsePublicUrl } from "../src/options.js";
import { createTokenCipher, parseEncryptionKey } from "../src/token-cipher.js";
import { createOAuth2Upstream } from "../src/upstream.js";

describe("token encryption at rest", () => {
  const cipher = createTokenCipher(randomBytes(32));

  test("a sealed token opens only with the same key and record, and hides the token", () => {
    const sealed = cipher.seal("upstream-token-value", "grant:1");
    expect(sealed).not.toContain("upstream-token-value");
    expect(cipher.seal("upstream-token-value", "grant:1")).not.toBe(sealed);
    expect(cipher.open(sealed, "grant:1")).toBe("upstream-token-value");
    expect(() => cipher.open(sealed, "grant:2")).toThrow();
    expect(() => createTokenCipher(randomBytes(32)).open(sealed, "grant:1")).toThrow();
    const [version, iv, tag, body] = sealed.split(".");
    const flipped = `${body?.[0] === "A" ? "B" : "A"}${body?.slice(1)}`;
    expect(() => cipher.open([version, iv, tag, flipped].join("."), "grant:1")).toThrow();
  });

  test("a shortened authentication tag is refused, even when it is a true prefix of the real one", () => {
    const [version, iv, tag, body] = cipher.seal("upstream-token-value", "grant:1").split(".");
    // GCM checks only as many tag bytes as it is given unless the length is fixed: 4 bytes would be forgeable.
    const prefix = Buffer.from(tag ?? "", "base64url")
      .subarray(0, 4)
      .toString("base64url");
    expect(() => cipher.open([version, iv, prefix, body].join("."), "grant:1")).toThrow();
  });

  test("TOKEN_ENCRYPTION_KEY is read as hex or base64 and must be 32 bytes", () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString("hex"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64"))).toEqual(key);
    expect(parseEncryptionKey(key.toString("base64url"))).toEqual(key);
    expect(() => parseEncryptionKey("too-short")).toThrow(/32 random bytes.*openssl rand -base64 32/);
  });
});

describe("browser binding cookies", () => {
  test("are Secure on an https server, scoped to their step's path, and read back only for their key", () => {
    const onHttps = bindingCookie("callback", "state-1", "secret-1", true);
    expect(onHttps).toMatch(
      /^mcp_signin_[\w-]{16}=secret-1; Path=\/oauth\/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(bindingCookie("consent", "token-1", "secret-2", false)).toMatch(
      /^mcp_consent_[\w-]{16}=secret-2; Path=\/oauth\/consent; Max-Age=600; HttpOnly; SameSite=Lax$/,
    );
    expect(expiredBindingCookie("callback", "state-1", true)).toMatch(
      /=; Path=\/oauth\/callback; Max-Age=0;.*; Secure$/,
    );
    const header = `other=1; ${onHttps.split(";")[0]}`;
    expect(bindingCookieValue(header, "callback", "state-1")).toBe("secret-1");
    expect(bindingCookieValue(header, "callback", "state-2")).toBeUndefined();
    expect(bindingCookieValue(header, "consent", "state-1")).toBeUndefined();
  });
});

describe("the in-memory token store", () => {
  test("values expire after their lifetime, and take reads a value once", async () => {
    let now = 1_000_000;
    const store = createMemoryTokenStore(() => now);
    await store.set("a", "1", 10);
    await store.set("b", "2", 10);
    expect(await store.get("a")).toBe("1");
    expect(await store.take("b")).toBe("2");
    expect(await store.take("b")).toBeUndefined();
    now += 10_001;
    expect(await store.get("a")).toBeUndefined();
  });
});

describe("the in-memory token store's bounded groups", () => {
  test("refuse new members when full, replace existing ones, and free room as members expire", async () => {
    let now = 1_000_000;
    const store = createMemoryTokenStore(() => now);
    expect(await store.setInGroup?.("clients", "client:1", "one", 10, 2)).toBe(true);
    expect(await store.setInGroup?.("clients", "client:2", "two", 60, 2)).toBe(true);
    expect(await store.setInGroup?.("clients", "client:3", "three", 60, 2)).toBe(false);
    expect(await store.get("client:3")).toBeUndefined();
    expect(await store.setInGroup?.("clients", "client:2", "two again", 60, 2)).toBe(true);
    expect(await store.get("client:2")).toBe("two again");
    now += 10_001;
    expect(await store.setInGroup?.("clients", "client:3", "three", 60, 2)).toBe(true);
    expect(await store.setInGroup?.("clients", "client:4", "four", 60, 2)).toBe(false);
  });
});

describe("OAuth configuration", () => {
  test("PUBLIC_URL must be an https origin (http only on loopback)", () => {
    expect(parsePublicUrl("https://mcp.example.com/")).toBe("https://mcp.example.com");
    expect(parsePublicUrl("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(() => parsePublicUrl("http://mcp.example.com")).toThrow(/https/);
    expect(() => parsePublicUrl("https://mcp.example.com/mcp")).toThrow(/without a path/);
  });

  test("the generic upstream builds the authorize URL with the provider's scope separator", () => {
    const upstream = createOAuth2Upstream({
      authorizationEndpoint: "https://intervals.icu/oauth/authorize",
      tokenEndpoint: "https://intervals.icu/api/oauth/token",
      clientId: "42",
      clientSecret: "fake",
      scopeSeparator: ",",
    });
    const url = new URL(
      upstream.authorizeUrl("st", "https://mcp.example.com/oauth/callback", [
        "ACTIVITY:READ",
        "WELLNESS:READ",
      ]),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "42",
      redirect_uri: "https://mcp.example.com/oauth/callback",
      state: "st",
      scope: "ACTIVITY:READ,WELLNESS:READ",
    });
  });
});
