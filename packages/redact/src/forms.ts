/** Secrets shorter than this are ignored: scrubbing them would mangle ordinary text. */
export const MIN_SECRET_LENGTH = 6;
/** Base64 runs shorter than this are not looked for: too likely to occur by chance. */
const MIN_BASE64_CORE = 8;

/** How a secret can appear in text: as literal strings, and as Base64 cores whose whole run is secret. */
export interface SecretForms {
  literals: string[];
  base64Cores: string[];
}

const toBase64Url = (text: string) => text.replaceAll("+", "-").replaceAll("/", "_");

/** Percent-encoding with lower-case hex digits, as some servers and proxies write it. */
const lowerPercent = (text: string) => text.replace(/%[0-9A-F]{2}/g, (percent) => percent.toLowerCase());

/**
 * The Base64 characters that depend on the secret's bytes alone, at each of the three alignments the
 * secret can have inside a longer encoded text (a Basic header, a token that embeds it, a logged body).
 * The group shared with preceding bytes and the trailing partial group are left out; the redactor masks
 * the whole Base64 run around a core, so those edge characters go too.
 */
function base64CoresOf(secret: Buffer): string[] {
  const cores: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const shifted = Buffer.concat([Buffer.alloc(shift), secret]);
    const encoded = shifted.toString("base64");
    const core = encoded.slice(shift === 0 ? 0 : 4, Math.floor(shifted.length / 3) * 4);
    if (core.length >= MIN_BASE64_CORE) cores.push(core, toBase64Url(core));
  }
  return cores;
}

/**
 * Every form of one secret worth scrubbing: the raw text, its URL encoding (upper- and lower-case hex,
 * and encoded twice), its hex bytes, and its Base64 / Base64url at every alignment.
 */
export function formsOf(secret: string): SecretForms {
  const bytes = Buffer.from(secret, "utf8");
  const encoded = encodeURIComponent(secret);
  const hex = bytes.toString("hex");
  const literals = new Set([
    secret,
    encoded,
    lowerPercent(encoded),
    encodeURIComponent(encoded),
    hex,
    hex.toUpperCase(),
  ]);
  return { literals: [...literals], base64Cores: [...new Set(base64CoresOf(bytes))] };
}
