import nodeModule from "node:module";
import { fastStart } from "@mcp-connectors/tool-builder/fast-start";

// Node keeps the compiled code of the modules loaded after this line on disk (in the OS temp folder), so
// later starts skip most parsing; hence the server itself is imported dynamically. Node 20 lacks it, and a
// named import of a missing export fails before any code runs, so it is looked up on the module object.
nodeModule.enableCompileCache?.();
// Over stdio, answers initialize and tools/list from the build's snapshot while the server loads.
await fastStart({
  snapshot: new URL("./startup.json", import.meta.url),
  dotEnv: true,
  server: () => import("./serve.js"),
});
