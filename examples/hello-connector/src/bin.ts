import { runServer } from "@mcp-connectors/serve";
import { app } from "./app.js";

await runServer(app);
