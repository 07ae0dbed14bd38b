import { discoverOAuth2Upstream } from "@mcp-connectors/oauth-server";
import { SERVER_URLS } from "@mcp-connectors/polar-metrics";
import type { AppSpec } from "@mcp-connectors/serve";
import { upstreamReporter } from "@mcp-connectors/tool-builder";
import { checkOAuthConfig, environment, OAUTH_SCOPES, oauthIssuer, readConfig } from "./config.js";
import { createConnection } from "./connection.js";
import { errorMapper, TOKEN_HEADER } from "./errors.js";
import { instructionsFor } from "./instructions.js";
import { prompts } from "./prompts.js";
import { resources } from "./resources.js";
import { createTools } from "./tools/index.js";

const version = __APP_VERSION__;

/** The Polar metrics server: config → client → tool definitions → tool-builder. */
export const app: AppSpec = {
  name: "polar-mcp",
  version,
  summary: "Polar (polar.sh) revenue, subscription and order metrics for MCP clients",
  flags: {
    sandbox: {
      type: "boolean",
      description: "use the Polar sandbox (its own tokens); env POLAR_SERVER=sandbox",
    },
    demo: {
      type: "boolean",
      description: "serve synthetic data from a local fake of Polar (no token needed)",
    },
  },
  environment,
  credentialHeader: TOKEN_HEADER,
  oauth: {
    upstream: (credentials, settings) =>
      discoverOAuth2Upstream(
        oauthIssuer(readConfig(process.env, { sandbox: settings.flags.sandbox === true })),
        // An organization token, tied to the one organization the user picks, as an OAT is.
        { ...credentials, authorizeParams: { sub_type: "organization" } },
      ),
    scopes: OAUTH_SCOPES,
  },
  async create(settings, { log, shared }) {
    let config = readConfig(process.env, { sandbox: settings.flags.sandbox === true });
    if (settings.oauth) checkOAuthConfig(config);
    const secrets = [config.accessToken];
    let close: (() => Promise<void>) | undefined;
    if (settings.flags.demo === true) {
      // The fake API is loaded only for --demo, so a normal start does not pay for it.
      const { startFakePolar } = await import("@mcp-connectors/polar-metrics/testing");
      const fake = await startFakePolar({ seed: 1 });
      config = { ...config, accessToken: fake.token, baseUrl: fake.url, organizationId: undefined };
      close = () => fake.close();
    }
    return {
      definition: {
        name: "polar-mcp",
        title: "Polar metrics",
        version,
        instructions: instructionsFor({
          server: config.server,
          timeZone: config.timeZone,
          demo: close !== undefined,
        }),
        tools: createTools(
          createConnection(config, upstreamReporter(log), { shared, replicas: settings.replicas }),
        ),
        toolSchemas: JSON.parse(__TOOL_SCHEMAS__),
        prompts,
        resources,
      },
      secrets,
      upstream: config.baseUrl ?? SERVER_URLS[config.server],
      mapError: errorMapper({ signIn: settings.oauth !== undefined }),
      close,
    };
  },
};
