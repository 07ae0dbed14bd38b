import { type AppSpec, ConfigError, settingText } from "@mcp-connectors/serve";
import { AuthenticationError, NotFoundError } from "@mcp-connectors/tool-builder";
import { WeatherApiError } from "./client.js";
import { getForecastTool } from "./tools/index.js";

/** The example server: config → client → tools → tool-builder, as every app in apps/ is put together. */
export const app: AppSpec = {
  name: "hello-connector",
  version: __APP_VERSION__,
  summary: "An example connector: tomorrow's forecast from a (fake) weather API",
  environment: {
    HELLO_API_KEY: "key of the weather API",
    HELLO_API_URL: "root of the weather API, e.g. http://127.0.0.1:8080",
  },
  async create() {
    const apiKey = settingText(process.env.HELLO_API_KEY);
    const baseUrl = settingText(process.env.HELLO_API_URL);
    if (!apiKey) throw new ConfigError("Set HELLO_API_KEY to the weather API's key.");
    if (!baseUrl) throw new ConfigError("Set HELLO_API_URL to the weather API's root URL.");
    return {
      definition: {
        name: "hello-connector",
        version: __APP_VERSION__,
        tools: [getForecastTool({ apiKey, baseUrl })],
        toolSchemas: JSON.parse(__TOOL_SCHEMAS__),
      },
      secrets: [apiKey],
      upstream: baseUrl,
      // The client's errors become one actionable sentence each; anything else gets the generic message.
      mapError: (error) => {
        if (!(error instanceof WeatherApiError)) return undefined;
        if (error.status === 401)
          return new AuthenticationError("The weather API refused HELLO_API_KEY; check it.");
        if (error.status === 404)
          return new NotFoundError("The weather API knows no such city; check the spelling.");
        return undefined;
      },
    };
  },
};
