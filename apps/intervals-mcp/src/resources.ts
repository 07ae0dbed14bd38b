import type { ResourceDefinition } from "@mcp-connectors/tool-builder";

/** The part of Intervals.icu's workout text a model needs to write planned workouts. */
export const workoutSyntax = `# Intervals.icu workout text

A workout's description holds one step per line, starting with "-". Blank lines separate blocks.

## Steps
- \`- 10m 60%\`: 10 minutes at 60 % of FTP (power). Durations: \`30s\`, \`5m\`, \`1h\`, \`1h30m\`, \`5m30s\`.
- \`- 2km 80% Pace\`: distance steps (\`400m\`, \`2km\`, \`1mi\`) for runs and swims.
- Targets: \`75%\` (of FTP), \`90-95%\` (a range), \`250w\` (watts), \`Z2\` (power zone),
  \`Z2 HR\` / \`70% HR\` / \`95% LTHR\` (heart rate), \`Z2 Pace\` / \`90% Pace\` (of threshold pace),
  \`ramp 50-75%\` (a gradual change), \`90rpm\` (cadence, after the target).
- Text before the duration is the step's cue: \`- Warmup 10m 55%\`.

## Repeats
A line \`4x\` (or \`Main set 4x\`) repeats the block below it, up to the next blank line:

\`\`\`
- Warmup 10m ramp 50-75%

4x
- 8m 95-100%
- 4m 55%

- Cooldown 10m 55%
\`\`\`

## Other sports
Run: \`- 20m Z2 Pace\`, \`- 6x\` blocks of \`- 400m 105% Pace\` / \`- 90s Z1 HR\`. Swim: \`- 200m 75% Pace\`.
Notes and races need no workout text; write free text in the description.
`;

export const resources: ResourceDefinition[] = [
  {
    name: "workout-syntax",
    uri: "intervals://workout-syntax",
    title: "Intervals.icu workout text",
    description: "How to write planned workouts (steps, targets, repeats) for add_or_update_event.",
    mimeType: "text/markdown",
    read: () => workoutSyntax,
  },
];
