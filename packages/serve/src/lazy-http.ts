import type { startHttpServer as start } from "./http.js";

/**
 * The index's `startHttpServer`: the HTTP, SSE and OAuth code is loaded on the first call, so that a program
 * that imports the index and serves stdio (or only defines tools) never loads or compiles it, bundled or not.
 * A bundler that follows the index also keeps that code out of the entry's own chunk.
 */
export async function startHttpServer(...args: Parameters<typeof start>): ReturnType<typeof start> {
  const http = await import("./http.js");
  return http.startHttpServer(...args);
}
