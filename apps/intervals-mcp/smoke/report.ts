import type { Observation } from "./observe.ts";
import type { ToolRun } from "./tools.ts";

/** An assumption of API-ASSUMPTIONS.md: its id and whether it is marked "unconfirmed" there. */
export interface Assumption {
  id: string;
  unconfirmed: boolean;
}

/** The assumptions listed in API-ASSUMPTIONS.md, from its table rows (`| A2 | … |`). */
export function assumptionsIn(markdown: string): Assumption[] {
  const assumptions: Assumption[] = [];
  for (const line of markdown.split("\n")) {
    const id = /^\|\s*(A\d+[a-z]?)\s*\|/.exec(line)?.[1];
    if (id) assumptions.push({ id, unconfirmed: line.includes("**unconfirmed**") });
  }
  return assumptions;
}

const mark = { holds: "holds  ", differs: "DIFFERS", unseen: "unseen " };

/**
 * The smoke check's report: one line per assumption (observed or not), one per tool, and a verdict. It
 * contains ids, counts and the API's own key names only: nothing from the account and never the key.
 */
export function buildReport(
  assumptions: readonly Assumption[],
  observations: readonly Observation[],
  tools: readonly ToolRun[],
): { text: string; failed: boolean } {
  const byId = new Map(observations.map((observation) => [observation.id, observation]));
  const lines = ["Intervals.icu smoke check", "", "Assumptions (packages/intervals-icu/API-ASSUMPTIONS.md):"];
  for (const assumption of assumptions) {
    const seen = byId.get(assumption.id);
    const label = assumption.unconfirmed ? " (was unconfirmed)" : "";
    lines.push(
      seen
        ? `  ${assumption.id.padEnd(4)} ${mark[seen.status]} ${seen.detail}${label}`
        : `  ${assumption.id.padEnd(4)} -       not observable from the API`,
    );
  }
  lines.push("", "Read-only tools:");
  for (const run of tools) lines.push(`  ${run.ok ? "ok    " : "FAILED"} ${run.tool}: ${run.detail}`);
  const differs = observations.filter((observation) => observation.status === "differs");
  const toolFailures = tools.filter((run) => !run.ok);
  const failed = toolFailures.length > 0;
  lines.push(
    "",
    `${tools.length - toolFailures.length} of ${tools.length} tools answered; ` +
      `${observations.filter((o) => o.status === "holds").length} assumptions hold, ${differs.length} differ ` +
      `(the code is built to survive those: see the "How the code survives" column), ` +
      `${observations.filter((o) => o.status === "unseen").length} could not be seen in this account.`,
  );
  return { text: lines.join("\n"), failed };
}
