import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { z } from "zod";
import { type RegisterOptions, registerTools } from "./register.js";
import type { AnyToolDefinition } from "./tool.js";

/** A prompt template: arguments (strings) in, one user message out. */
export interface PromptDefinition<
  Args extends Record<string, z.ZodType<string | undefined>> = Record<string, never>,
> {
  name: string;
  title: string;
  description: string;
  arguments?: Args;
  /** The text of the user message the prompt expands to. */
  message(args: { [K in keyof Args]: z.output<Args[K]> }): string;
}

/** A fixed document the server offers, such as a syntax reference. */
export interface ResourceDefinition {
  name: string;
  uri: string;
  title: string;
  description: string;
  mimeType: string;
  read(): string;
}

/** Everything a server is made of; the same definition serves every transport. */
export interface ServerDefinition {
  name: string;
  version: string;
  title?: string;
  /** Told to the model at initialization: what the server offers, units, conventions. */
  instructions?: string;
  tools: readonly AnyToolDefinition[];
  /** The tools' JSON Schemas computed at build by `listedSchemas(tools)`; see `RegisterOptions.toolSchemas`. */
  toolSchemas?: RegisterOptions["toolSchemas"];
  // biome-ignore lint/suspicious/noExplicitAny: a list of prompts holds many argument shapes
  prompts?: readonly PromptDefinition<any>[];
  resources?: readonly ResourceDefinition[];
}

/**
 * One JSON Schema validator for every server this process builds, made on first use: over stateless HTTP each
 * request gets a new server, and building a validator per server costs more than the rest of the request's
 * set-up; and a server that never validates a JSON Schema (the SDK does so only for elicitation answers) never
 * pays for one, which shortens every start.
 */
let sharedValidator: AjvJsonSchemaValidator | undefined;

const lazyValidator: jsonSchemaValidator = {
  getValidator(schema) {
    sharedValidator ??= new AjvJsonSchemaValidator();
    return sharedValidator.getValidator(schema);
  },
};

/** Builds an `McpServer` with the definition's tools (filtered and wrapped), prompts and resources. */
export function createMcpServer(definition: ServerDefinition, options: RegisterOptions = {}): McpServer {
  const server = new McpServer(
    { name: definition.name, version: definition.version, title: definition.title },
    {
      instructions: definition.instructions,
      capabilities: { logging: {} },
      jsonSchemaValidator: lazyValidator,
    },
  );
  registerTools(server, definition.tools, {
    leanToolList: true,
    toolSchemas: definition.toolSchemas,
    ...options,
  });
  for (const prompt of definition.prompts ?? []) {
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: prompt.arguments },
      (args: Record<string, string | undefined>) => ({
        messages: [{ role: "user" as const, content: { type: "text" as const, text: prompt.message(args) } }],
      }),
    );
  }
  for (const resource of definition.resources ?? []) {
    server.registerResource(
      resource.name,
      resource.uri,
      { title: resource.title, description: resource.description, mimeType: resource.mimeType },
      (uri) => ({ contents: [{ uri: uri.href, mimeType: resource.mimeType, text: resource.read() }] }),
    );
  }
  return server;
}
