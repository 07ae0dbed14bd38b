import { fileURLToPath } from "node:url";
import type { FakeWeather } from "../src/fake.ts";

/** The built server, as users run it (`pnpm build` writes it; turbo builds before `test`). */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

/** The server's environment: the fake's URL and a key, and nothing of the developer's own shell. */
export function serverEnv(fake: FakeWeather, key: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HELLO_API_URL: fake.url, HELLO_API_KEY: key };
}
