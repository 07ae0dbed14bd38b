import { runServer } from "@mcp-connectors/tool-builder";
import { app } from "./app.js";

await runServer(app);
