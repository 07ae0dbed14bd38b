import { QUERY_EXAMPLE } from "@mcp-connectors/polar-metrics";
import type { ResourceDefinition } from "@mcp-connectors/tool-builder";

/** The whole query grammar, for hosts that let the model read resources; the tool description has the brief. */
export const queryGrammar = `# Polar metrics query language

The virtual table \`metrics\` has one row per period: the column \`period\` (the period's first day,
\`YYYY-MM-DD\`, or \`YYYY-MM-DD HH:00\` for hours) and one column per metric slug (see list_metrics).

\`\`\`
SELECT item [, item …] FROM metrics
  [WHERE condition [AND condition …]]
  [GROUP BY hour | day | week | month | year]
  [ORDER BY expression | alias | position [ASC | DESC] [, …]]
  [LIMIT n [OFFSET m]]
  [COMPARE TO previous_period | previous_year]

item       := * | period | expression [AS alias]
expression := metric_slug | number | expression (+ - * /) expression | -expression | (expression)
            | ROUND(expression [, digits]) | ABS(…) | COALESCE(…) | NULLIF(a, b)
            | SUM(…) | AVG(…) | MIN(…) | MAX(…) | COUNT(* | …)      -- fold all periods into one row
condition  := period (= | < | <= | > | >=) 'YYYY-MM-DD' | period BETWEEN 'YYYY-MM-DD' AND 'YYYY-MM-DD'
            | time_range = 'preset' | timezone = 'IANA/Zone'
            | product_id | customer_id | billing_type (= 'value' | IN ('value', …))
            | expression (= | != | < | <= | > | >=) expression          -- keeps the periods where it holds
\`\`\`

The range defaults to \`last_30_days\`; the interval is picked from its length unless GROUP BY names one.
Money is in cents, percentages are fractions; division by zero gives null. Not supported: other statements or
tables, joins, subqueries, OR, DISTINCT, HAVING, window functions, grouping by anything but an interval.

Example: \`${QUERY_EXAMPLE}\`
`;

export const resources: ResourceDefinition[] = [
  {
    name: "query-grammar",
    uri: "polar://query-grammar",
    title: "Polar metrics query language",
    description: "The full grammar of the query tool, with what is and is not supported.",
    mimeType: "text/markdown",
    read: () => queryGrammar,
  },
];
