import { createOAuth2Upstream } from "@mcp-connectors/oauth-server";
import type { AppSpec } from "@mcp-connectors/serve";
import { upstreamReporter } from "@mcp-connectors/tool-builder";
import { checkOAuthConfig, environment, oauthScopes, readConfig } from "./config.js";
import { createConnection } from "./connection.js";
import { API_KEY_HEADER, errorMapper } from "./errors.js";
import { instructions } from "./instructions.js";
import { prompts } from "./prompts.js";
import { resources } from "./resources.js";
import { createTools } from "./tools/index.js";

const version = __APP_VERSION__;

export const app: AppSpec = {
  name: "intervals-mcp",
  version,
  summary: "Intervals.icu training data (activities, wellness, fitness, calendar) for MCP clients",
  flags: {
    demo: {
      type: "boolean",
      description: "serve a generated demo athlete from a local fake API (no key needed)",
    },
  },
  environment,
  credentialHeader: API_KEY_HEADER,
  oauth: {
    upstream: (credentials, settings) => {
      const { origin } = new URL(readConfig(process.env).baseUrl);
      return createOAuth2Upstream({
        ...credentials,
        authorizationEndpoint: `${origin}/oauth/authorize`,
        tokenEndpoint: `${origin}/api/oauth/token`,
        scopeSeparator: ",",
        // The scopes depend on --read-only, which only the settings know: asked for here, not in `scopes`.
        authorizeParams: { scope: oauthScopes(!settings.readOnly).join(",") },
      });
    },
  },
  async create(settings, { log, shared }) {
    let config = readConfig(process.env);
    if (settings.oauth) checkOAuthConfig(config);
    let close: (() => Promise<void>) | undefined;
    if (settings.flags.demo === true) {
      // Loaded only for --demo: the fake API is a large module, and its node:http import alone costs a start
      // tens of milliseconds (Node's ESM view of node:http loads the fetch implementation).
      const { startFakeIntervals } = await import("@mcp-connectors/intervals-icu/testing");
      const fake = await startFakeIntervals({ seed: 1 });
      config = { ...config, apiKey: fake.apiKey, accessToken: undefined, athleteId: "0", baseUrl: fake.url };
      close = () => fake.close();
    }
    const connection = createConnection(
      config,
      `intervals-mcp/${version}`,
      settings.oauth ? "accessToken" : "apiKey",
      upstreamReporter(log),
      { shared, replicas: settings.replicas },
    );
    return {
      definition: {
        name: "intervals-mcp",
        title: "Intervals.icu",
        version,
        instructions: instructions({ demo: close !== undefined }),
        tools: createTools(connection),
        toolSchemas: JSON.parse(__TOOL_SCHEMAS__),
        prompts,
        resources,
      },
      secrets: [config.apiKey, config.accessToken],
      upstream: config.baseUrl,
      mapError: errorMapper({ signIn: settings.oauth !== undefined }),
      close,
    };
  },
};
