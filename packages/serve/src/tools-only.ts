// Which requests need only the tools of a server: stateless HTTP builds a smaller server for them.

const TOOL_METHODS = new Set(["tools/call", "tools/list", "ping"]);

/**
 * Whether a JSON-RPC message, or a batch of them, asks only for tools (or pings, or notifies): then the
 * server built for it needs no prompts or resources. Stateless HTTP builds a server for every request, and
 * registering prompts costs the SDK a zod object each time.
 */
export function asksOnlyForTools(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return (
    messages.length > 0 &&
    messages.every((message) => {
      const method = (message as { method?: unknown } | null)?.method;
      return typeof method === "string" && (TOOL_METHODS.has(method) || method.startsWith("notifications/"));
    })
  );
}
