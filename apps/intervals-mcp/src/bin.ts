import nodeModule from "node:module";

// Node keeps the compiled code of the modules loaded after this line on disk (in the OS temp folder), so
// later starts skip most parsing; hence the server itself is imported dynamically. Node 20 lacks it, and a
// named import of a missing export fails before any code runs, so it is looked up on the module object.
nodeModule.enableCompileCache?.();
await import("./serve.js");
