// Checks an answer against any Standard Schema (zod 4, valibot, arktype…), so the kit depends on none of them.

/** The part of the Standard Schema interface (https://standardschema.dev) this module uses. */
export interface StandardSchema<Output = unknown> {
  readonly "~standard": {
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly output: Output } | undefined;
  };
}

type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** The output type of a Standard Schema. */
export type SchemaOutput<Schema extends StandardSchema> =
  Schema extends StandardSchema<infer Output> ? Output : never;

/** A checked answer, or what is wrong with it. */
export type Answer<Output> =
  | { ok: true; value: Output }
  | {
      ok: false;
      /**
       * `not_json`: the body is not JSON at all (an HTML error or challenge page, a cut-off body), which may
       * pass; `shape`: JSON that lacks what the schema needs, which repeating the request will not change.
       */
      reason: "not_json" | "shape";
      /**
       * Where the answer is unusable, without row numbers (`id`, `icu_intervals.average_watts`); `(root)` for
       * the whole body (not JSON, or not the documented shape at all).
       */
      field: string;
      /** What is wrong there, e.g. `not JSON (an HTML page)` or `3.id: expected string, received undefined`. */
      problem: string;
    };

/**
 * Parses an answer's text as JSON and checks it against `schema`: the one way both clients read an answer.
 * An empty body is read as `""` (as ky's `.json()` does), so a schema for "no content" can accept it. The
 * body's text never appears in `problem`, so nothing it echoes (a credential) can leak into a message.
 *
 * @example
 * const answer = await parseAnswer(await response.text(), z.object({ id: z.string() }));
 * if (!answer.ok) throw new MyResponseError(answer.field, answer.problem);
 */
export async function parseAnswer<Schema extends StandardSchema>(
  text: string,
  schema: Schema,
): Promise<Answer<SchemaOutput<Schema>>> {
  let data: unknown = "";
  if (text.trim() !== "") {
    try {
      data = JSON.parse(text);
    } catch {
      return {
        ok: false,
        reason: "not_json",
        field: "(root)",
        problem: `not JSON (${describeNonJson(text)})`,
      };
    }
  }
  const result = await schema["~standard"].validate(data);
  if (result.issues === undefined) return { ok: true, value: result.value as SchemaOutput<Schema> };
  const issue = result.issues[0];
  const path = (issue?.path ?? []).map((key) => (typeof key === "object" ? key.key : key));
  const field = path.filter((key) => typeof key === "string").join(".") || "(root)";
  const where = path.map(String).join(".") || "(root)";
  return {
    ok: false,
    reason: "shape",
    field,
    problem: `${where}: ${issue?.message ?? "does not match the schema"}`,
  };
}

function describeNonJson(text: string): string {
  return /^\s*</.test(text) ? "an HTML page" : "malformed";
}
