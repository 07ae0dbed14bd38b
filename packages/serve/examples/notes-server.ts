// A complete MCP server: tools defined with the tool-builder, served by @mcp-connectors/serve over every
// transport; ready to copy.
// Run it with `node examples/notes-server.ts` (stdio) or add `--transport http --port 3000`.
import { runServer } from "@mcp-connectors/serve";
import { defineTool, NotFoundError } from "@mcp-connectors/tool-builder";
import { z } from "zod";

const notes = new Map<string, string>();

const saveNote = defineTool({
  name: "save_note",
  title: "Save a note",
  description: "Saves a note under a title, replacing any note with that title.",
  input: z.object({ title: z.string().min(1).max(100), text: z.string().max(10_000) }),
  output: z.object({ title: z.string(), characters: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: ({ title, text }) => {
    notes.set(title, text);
    return { title, characters: text.length };
  },
});

const readNote = defineTool({
  name: "read_note",
  title: "Read a note",
  description: "Returns the note with the given title.",
  input: z.object({ title: z.string().min(1).max(100) }),
  output: z.object({ title: z.string(), text: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  handler: ({ title }) => {
    const text = notes.get(title);
    if (text === undefined)
      throw new NotFoundError(`No note is titled "${title}"; save one with save_note first.`);
    return { title, text };
  },
});

await runServer({
  name: "notes-server",
  version: "1.0.0",
  summary: "keeps notes in memory",
  create: async () => ({
    definition: {
      name: "notes-server",
      version: "1.0.0",
      instructions: "Saves and reads short notes, kept in memory until the server stops.",
      tools: [saveNote, readNote],
    },
  }),
});
