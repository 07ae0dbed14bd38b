import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A second after a server starts, one full garbage collection: starting leaves garbage behind (module
 * scaffolding, the schema conversions for `tools/list`), about 10 MB of RSS for the servers here, and V8
 * keeps it until the next collection, which a server waiting for its first call never triggers.
 *
 * Node has no API for this; `gc` is exposed for a moment, taken from a fresh context, and hidden again, so
 * the app's own context never sees it. The timer does not keep the process alive.
 */
export function collectStartupGarbage(afterMs = 1_000): void {
  const timer = setTimeout(() => {
    try {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as (options?: object) => void;
      setFlagsFromString("--no-expose-gc");
      gc({ type: "major", execution: "sync", flavor: "last-resort" });
    } catch {
      // A runtime without `gc` just keeps the garbage a little longer.
    }
  }, afterMs);
  timer.unref();
}
