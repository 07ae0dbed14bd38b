# One image for either server, over Streamable HTTP (stateless) with SSE for older clients.
#   docker build --build-arg APP=intervals-mcp -t intervals-mcp .
#   docker build --build-arg APP=polar-mcp -t polar-mcp .
#   docker run -p 8080:8080 -e MCP_AUTH_TOKEN=… -e INTERVALS_API_KEY=… intervals-mcp
# Each app's dist/ is bundled (no node_modules), so the runtime stage holds Node, dist/ and package.json.
# The environment variables for a hosted deployment are listed in the root README ("Hosted deployment").
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /repo
RUN corepack enable
# Dependencies first, from the lockfile alone, so that a source change does not download them again.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch
COPY . .
ARG APP=intervals-mcp
RUN pnpm install --offline --frozen-lockfile && pnpm --filter "@mcp-connectors/${APP}..." build

FROM node:${NODE_VERSION}-slim
ARG APP=intervals-mcp
ENV NODE_ENV=production \
    MCP_TRANSPORT=http \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8080
WORKDIR /app
# Owned by root and only readable by the server's user, so the running process cannot change its own code.
COPY --from=build /repo/apps/${APP}/package.json /app/package.json
COPY --from=build /repo/apps/${APP}/dist /app/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.MCP_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Run as many replicas as you like behind any load balancer, with MCP_REPLICAS set to their number (and
# REDIS_URL to share each key's rate limit; see the README's hosted section). Set MCP_AUTH_TOKEN, or start with
# --allow-unauthenticated (with MCP_ALLOWED_HOSTS) when every request brings its own upstream key.
ENTRYPOINT ["node", "/app/dist/bin.js"]
