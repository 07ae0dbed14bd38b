import { loadDotEnv, runServer } from "@mcp-connectors/tool-builder";
import { app } from "./app.js";

loadDotEnv();
await runServer(app);
