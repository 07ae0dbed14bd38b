import { formsOf, MIN_SECRET_LENGTH } from "./forms.js";

/** What a secret is replaced with. */
export const MASK = "[redacted]";

/** Scrubs secrets (API keys, tokens) from text. Secrets can be added as they become known. */
export interface Redactor {
  (text: string): string;
  /** Adds secrets to scrub from now on; empty and very short values are ignored. */
  add(...secrets: Array<string | undefined>): void;
  /** A redactor that also scrubs these secrets, leaving this one unchanged. */
  with(...secrets: Array<string | undefined>): Redactor;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const isBase64Char = (code: number) =>
  (code >= 48 && code <= 57) || // 0-9
  (code >= 65 && code <= 90) || // A-Z
  (code >= 97 && code <= 122) || // a-z
  code === 43 || // +
  code === 47 || // /
  code === 45 || // -
  code === 95; // _

interface Matcher {
  literals: RegExp | undefined;
  base64: RegExp | undefined;
}

function alternation(strings: Iterable<string>): RegExp | undefined {
  const sorted = [...new Set(strings)].sort((a, b) => b.length - a.length);
  return sorted.length === 0 ? undefined : new RegExp(sorted.map(escapeRegExp).join("|"), "g");
}

function matcherFor(secrets: Iterable<string>): Matcher {
  const literals: string[] = [];
  const cores: string[] = [];
  for (const secret of secrets) {
    const forms = formsOf(secret);
    literals.push(...forms.literals);
    cores.push(...forms.base64Cores);
  }
  return { literals: alternation(literals), base64: alternation(cores) };
}

/** The spans of text to mask: each literal match, and each whole Base64 run holding a core. */
function spansToMask(text: string, matcher: Matcher): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (matcher.base64) {
    for (const match of text.matchAll(matcher.base64)) {
      let start = match.index;
      let end = start + match[0].length;
      while (start > 0 && isBase64Char(text.charCodeAt(start - 1))) start--;
      while (end < text.length && isBase64Char(text.charCodeAt(end))) end++;
      for (let padding = 0; padding < 2 && text[end] === "="; padding++) end++;
      spans.push([start, end]);
    }
  }
  if (matcher.literals) {
    for (const match of text.matchAll(matcher.literals))
      spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

function mask(text: string, spans: Array<[number, number]>): string {
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    // A span that overlaps the previous one extends its mask instead of starting another.
    if (start >= at) out += `${text.slice(at, start)}${MASK}`;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Creates a redactor. Each secret is scrubbed in every encoding it travels in: raw, URL-encoded, hex, and
 * Base64 / Base64url at any alignment (a Base64 run that holds it is masked whole, so an HTTP Basic
 * header built from it goes too). Masking happens before any cutting: redact a text, then shorten it.
 * @example createRedactor([apiKey, `API_KEY:${apiKey}`])("Basic QVBJX0tFWTpz…") // "Basic [redacted]"
 */
export function createRedactor(secrets: Iterable<string | undefined> = []): Redactor {
  const known = new Set<string>();
  let matcher: Matcher | undefined;
  const add = (...values: Array<string | undefined>) => {
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH || known.has(value)) continue;
      known.add(value);
      matcher = undefined;
    }
  };
  add(...secrets);
  const redact = ((text: string) => {
    if (known.size === 0 || text === "") return text;
    matcher ??= matcherFor(known);
    const spans = spansToMask(text, matcher);
    return spans.length === 0 ? text : mask(text, spans);
  }) as Redactor;
  redact.add = add;
  redact.with = (...more) => createRedactor([...known, ...more]);
  return redact;
}
