import { describe, expect, it } from "vitest";
import { createRedactor } from "../src/index.ts";

const KEY = "canary/key+7e1d9a0c55b3f2";
const base64 = (text: string) => Buffer.from(text).toString("base64");
const base64url = (text: string) => Buffer.from(text).toString("base64url");

/** Every 8-character piece of the key and of its encodings, none of which may survive redaction. */
function fragmentsOf(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString("hex")];
  for (let shift = 0; shift < 3; shift++) {
    const padded = `${"\0".repeat(shift)}${secret}`;
    forms.push(base64(padded).slice(4, -4), base64url(padded).slice(4, -4));
  }
  return forms.flatMap((form) => Array.from({ length: form.length - 7 }, (_, i) => form.slice(i, i + 8)));
}

const expectClean = (text: string) => {
  for (const fragment of fragmentsOf(KEY)) expect(text).not.toContain(fragment);
};

describe("createRedactor", () => {
  const redact = createRedactor([KEY]);

  it("masks the raw key, its URL encodings (either hex case, twice encoded) and its hex bytes", () => {
    const encoded = encodeURIComponent(KEY);
    const text = [
      `key ${KEY}.`,
      `?api_key=${encoded}&x=1`,
      `lower ${encoded.toLowerCase()}`,
      `twice ${encodeURIComponent(encoded)}`,
      `hex ${Buffer.from(KEY).toString("hex")} HEX ${Buffer.from(KEY).toString("hex").toUpperCase()}`,
    ].join("\n");
    const clean = redact(text);
    expect(clean).toBe(
      [
        "key [redacted].",
        "?api_key=[redacted]&x=1",
        "lower [redacted]",
        "twice [redacted]",
        "hex [redacted] HEX [redacted]",
      ].join("\n"),
    );
    expectClean(clean);
  });

  it("masks an HTTP Basic header built from the key, whole", () => {
    const header = `Authorization: Basic ${base64(`API_KEY:${KEY}`)}`;
    expect(redact(header)).toBe("Authorization: Basic [redacted]");
  });

  it("masks the key inside any longer Base64 or Base64url text, at every alignment", () => {
    for (let before = 0; before < 6; before++) {
      for (let after = 0; after < 4; after++) {
        const plain = `${"p".repeat(before)}${KEY}${"s".repeat(after)}`;
        for (const encoded of [base64(plain), base64url(plain)]) {
          const clean = redact(`echo: "${encoded}", done`);
          expect(clean, plain).toBe('echo: "[redacted]", done');
        }
      }
    }
  });

  it("masks a Bearer token and its Base64 the same way", () => {
    const token = "polar_oat_canary0123456789abcdef";
    const withToken = createRedactor([token]);
    const clean = withToken(`Bearer ${token} / ${base64(`Bearer ${token}`)}`);
    expect(clean).toBe("Bearer [redacted] / [redacted]");
  });

  it("leaves text without the key, and keys too short to be specific, alone", () => {
    const text = "Basic QVBJX0tFWTpvdGhlcg== and canary/key+ but not the key";
    expect(redact(text)).toBe(text);
    expect(createRedactor(["abc"])("abc abc")).toBe("abc abc");
  });

  it("with() adds secrets for one use; add() for good", () => {
    const base = createRedactor();
    const scoped = base.with(KEY);
    expect(scoped(KEY)).toBe("[redacted]");
    expect(base(KEY)).toBe(KEY);
    base.add(KEY);
    expect(base(KEY)).toBe("[redacted]");
  });

  it("masks overlapping forms once and keeps the text around them", () => {
    expect(redact(`a ${KEY}${base64(KEY)} b`)).toBe("a [redacted] b");
  });
});
