import { z } from "zod";
import type { AnyToolDefinition } from "../tool.js";

const START = "<!-- tools:start -->";
const END = "<!-- tools:end -->";

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function describeInputs(tool: AnyToolDefinition): string {
  const schema = z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { type?: string | string[] }>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const names = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `\`${name}\`${required.has(name) ? "" : "?"}${property.type ? ` (${[property.type].flat().join("/")})` : ""}`,
  );
  return names.length === 0 ? "none" : names.join(", ");
}

function describeAnnotations(tool: AnyToolDefinition): string {
  const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } = tool.annotations;
  const parts = [readOnlyHint ? "read-only" : destructiveHint ? "destructive" : "writes"];
  if (!readOnlyHint && idempotentHint) parts.push("idempotent");
  if (openWorldHint) parts.push("open-world");
  return parts.join(", ");
}

/** A Markdown table of tools: name, title and description, inputs (`?` = optional) and behaviour. */
export function renderToolTable(tools: readonly AnyToolDefinition[]): string {
  const rows = tools.map(
    (tool) =>
      `| \`${tool.name}\` | ${escapeCell(`**${tool.title}.** ${tool.description}`)} | ${escapeCell(describeInputs(tool))} | ${describeAnnotations(tool)} |`,
  );
  return ["| Tool | What it does | Inputs | Behaviour |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/**
 * Replaces the text between `<!-- tools:start -->` and `<!-- tools:end -->` in a document with the tool table.
 * @throws Error when the document lacks the markers
 */
export function updateToolTable(document: string, tools: readonly AnyToolDefinition[]): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`The document needs a "${START}" line and an "${END}" line around the tool table.`);
  }
  return `${document.slice(0, start + START.length)}\n${renderToolTable(tools)}\n${document.slice(end)}`;
}
