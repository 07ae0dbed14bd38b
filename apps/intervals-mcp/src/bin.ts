import { enableCompileCache } from "node:module";

// Node keeps the compiled code of the modules loaded after this line on disk (in the OS temp folder), so
// later starts skip most parsing; hence the server itself is imported dynamically.
enableCompileCache?.();
await import("./serve.js");
