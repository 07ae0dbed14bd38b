import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const KEY_BYTES = 32;
/** GCM verifies only as many tag bytes as it is handed unless told the length: a 4-byte tag would be forgeable. */
const TAG_BYTES = 16;
const VERSION = "v1";

/** Encrypts upstream tokens at rest; `context` (a record's id) is authenticated, so a sealed value cannot be moved to another record. */
export interface TokenCipher {
  seal(plaintext: string, context: string): string;
  /** @throws Error when the value was not sealed with this key and context, or was tampered with */
  open(sealed: string, context: string): string;
}

/**
 * Reads a 256-bit key given as 64 hexadecimal characters or as base64 / base64url (such as the output of
 * `openssl rand -base64 32`).
 * @throws TypeError naming what is wrong and how to make a good key
 */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, "base64")
      : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new TypeError(
      "TOKEN_ENCRYPTION_KEY must be 32 random bytes, written as 64 hex characters or in base64; generate one with `openssl rand -base64 32`.",
    );
  }
  return key;
}

/** AES-256-GCM with a fresh random nonce per value; the output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== KEY_BYTES) throw new TypeError(`The token encryption key must be ${KEY_BYTES} bytes.`);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed, context) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new Error("The stored token is not in a format this server can read.");
      }
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, "base64url"), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, "base64url")),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}
