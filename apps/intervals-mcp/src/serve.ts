import { loadDotEnv, runServer } from "@mcp-connectors/serve";
import { app } from "./app.js";

loadDotEnv();
await runServer(app);
