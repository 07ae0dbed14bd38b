/** Replaces every configured secret in a text; secrets shorter than this are ignored as too ambiguous. */
const MIN_SECRET_LENGTH = 6;
const MASK = "[redacted]";

/** Scrubs secrets (API keys, tokens) from text. Secrets can be added as they become known. */
export interface Redactor {
  (text: string): string;
  /** Adds secrets to scrub from now on; empty and very short values are ignored. */
  add(...secrets: Array<string | undefined>): void;
  /** A redactor that also scrubs these secrets, leaving this one unchanged. */
  with(...secrets: Array<string | undefined>): Redactor;
}

/**
 * Creates a redactor. Each secret is also scrubbed in its URL-encoded and Base64 forms, because that is
 * how keys leak into logged URLs and headers (add a whole `user:secret` pair to cover HTTP Basic).
 */
export function createRedactor(secrets: Iterable<string | undefined> = []): Redactor {
  const forms = new Set<string>();
  const add = (...values: Array<string | undefined>) => {
    for (const value of values) {
      if (!value || value.length < MIN_SECRET_LENGTH) continue;
      forms.add(value);
      forms.add(encodeURIComponent(value));
      forms.add(Buffer.from(value).toString("base64").replace(/=+$/, ""));
    }
  };
  add(...secrets);
  const redact = ((text: string) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }) as Redactor;
  redact.add = add;
  redact.with = (...more) => createRedactor([...forms, ...more]);
  return redact;
}
