import { QUERY_EXAMPLE } from "@mcp-connectors/polar-metrics";
import type { ResourceDefinition } from "@mcp-connectors/tool-builder";

/** The whole query grammar, for hosts that let the model read resources; the tool description has the brief. */
export const queryGrammar = `# Polar metrics query language

The virtual table \`metrics\` has one row per bucket of the GROUP BY grain: the column \`period\` (the bucket's
first day, \`YYYY-MM-DD\`, or \`YYYY-MM-DD HH:00\` for hours) and one column per metric slug (see list_metrics).

\`\`\`
SELECT item [, item …] FROM metrics
  [WHERE condition [AND condition …]]
  [GROUP BY hour | day | week | month | year | product_id | product_id, interval]
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
\`period\` conditions compare bucket starts at that grain, as SQL over bucket rows would: with GROUP BY month,
\`period = '2025-03-01'\` is all of March and \`period > '2025-01-01'\` starts with February. Conditions intersect
(\`time_range\` AND \`period\`). Buckets the range cuts are listed as partial with their days. COMPARE TO runs the
same SELECT and WHERE over the earlier range, like for like when the range runs to today.
Money is in cents, percentages are fractions; division by zero gives null. SUM/AVG of a stock (active
subscriptions, MRR) or a rate comes with a caution. Not supported: other statements or tables, joins, subqueries,
OR, DISTINCT, HAVING, window functions, grouping by anything but an interval or product_id.
GROUP BY product_id runs the query once per product (at most 10; columns product and product_id; ORDER BY a
selected column) and says how many API calls it took; with more products, name them in WHERE product_id IN (…).

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
