import { type CalendarDate, isCalendarDate } from "@mcp-connectors/client-kit";
import { findMetric, METRIC_SLUGS, resolveMetric } from "../catalog.js";
import { COMPARISON_TARGETS, type ComparisonTarget } from "../compare.js";
import { QueryError, UnknownMetricError } from "../errors.js";
import { type Interval, isInterval } from "../intervals.js";
import { isTimeRangePreset, TIME_RANGE_PRESETS } from "../time-range.js";
import type { Expression, QueryPlan, SelectColumn } from "./ast.js";
import { QUERY_EXAMPLE } from "./example.js";
import sqlParser from "./sql-parser.js";

type Node = Record<string, unknown>;

const parser = new sqlParser.Parser();

const COMPARE_CLAUSE = /\s+COMPARE\s+TO\s+([A-Za-z_]+)\s*$/i;
const FILTER_COLUMNS = {
  product_id: "productIds",
  customer_id: "customerIds",
  billing_type: "billingTypes",
} as const;
const FUNCTIONS = ["round", "abs", "coalesce", "nullif"] as const;
const AGGREGATES = ["sum", "avg", "min", "max", "count"] as const;

function fail(message: string, example = QUERY_EXAMPLE): never {
  throw new QueryError(message, example);
}

/**
 * Parses a query into a plan. The SQL is read by node-sql-parser (PostgreSQL dialect); the trailing
 * `COMPARE TO …` clause, which SQL lacks, is taken off first.
 * @throws QueryError naming the unsupported part, with a valid example.
 */
export function parseQuery(text: string): QueryPlan {
  let sql = text.trim().replace(/;\s*$/, "");
  let compareTo: ComparisonTarget | undefined;
  const compare = COMPARE_CLAUSE.exec(sql);
  if (compare) {
    const target = (compare[1] ?? "").toLowerCase();
    if (!(COMPARISON_TARGETS as readonly string[]).includes(target)) {
      fail(
        `COMPARE TO ${compare[1]} is not supported; compare to previous_period or previous_year.`,
        `${QUERY_EXAMPLE} COMPARE TO previous_period`,
      );
    }
    compareTo = target as ComparisonTarget;
    sql = sql.slice(0, compare.index);
  } else if (/\bCOMPARE\b/i.test(sql)) {
    fail("COMPARE TO must come last, after LIMIT.", `${QUERY_EXAMPLE} COMPARE TO previous_year`);
  }
  if (!sql) fail("The query is empty.");
  const ast = parseSql(sql);
  const plan = planSelect(ast);
  return compareTo ? { ...plan, compareTo } : plan;
}

/** A metric named in the query; an unknown name is a QueryError, keeping the catalog's explanation. */
function metricIn(name: string): string {
  try {
    return resolveMetric(name).slug;
  } catch (error) {
    if (error instanceof UnknownMetricError) fail(error.message);
    throw error;
  }
}

function parseSql(sql: string): Node {
  let ast: unknown;
  try {
    ast = parser.astify(sql);
  } catch (error) {
    const offset = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    const near =
      offset === undefined ? "" : ` near "${sql.slice(offset, offset + 20)}" (character ${offset + 1})`;
    fail(`The query could not be read${near}. Only SELECT … FROM metrics is supported.`);
  }
  if (Array.isArray(ast)) fail("Send one statement at a time.");
  const node = ast as Node;
  if (node.type !== "select")
    fail(`${String(node.type).toUpperCase()} is not supported: queries are read-only SELECTs.`);
  return node;
}

/**
 * Clauses the parser reads but the plan would drop without a word: refused, so that no query answers
 * something other than what it says.
 */
function refuseIgnoredClauses(ast: Node) {
  if (ast.set_op || ast._next) {
    fail(
      `${String(ast.set_op ?? "union").toUpperCase()} is not supported: send one SELECT; its columns can hold several metrics.`,
      "SELECT period, revenue, orders FROM metrics",
    );
  }
  if ((ast.into as Node | null)?.type) fail("SELECT … INTO is not supported: queries are read-only.");
  if (((ast.from as Node[] | null) ?? []).some((table) => table.tablesample))
    fail("TABLESAMPLE is not supported: a query reads every period of its range.");
  if (((ast.orderby as Node[] | null) ?? []).some((item) => item.nulls))
    fail("NULLS FIRST and NULLS LAST are not supported in ORDER BY.");
}

function planSelect(ast: Node): QueryPlan {
  refuseIgnoredClauses(ast);
  if (ast.with) fail("WITH (common table expressions) is not supported.");
  if ((ast.distinct as Node | null)?.type)
    fail("DISTINCT is not supported: there is one row per period already.");
  if (ast.having) fail("HAVING is not supported; put conditions on metrics in WHERE.");
  if (ast.window) fail("Window functions are not supported.");
  checkFrom(ast.from);
  const plan: QueryPlan = { columns: [], metrics: [], rowFilters: [], orderBy: [], periodConditions: [] };
  const metrics = new Set<string>();
  const toExpression = (node: unknown) => expression(node, metrics);
  plan.columns = selectColumns(ast.columns, toExpression, metrics);
  if (ast.where) applyWhere(ast.where as Node, plan, toExpression);
  if (ast.groupby) Object.assign(plan, groupBy(ast.groupby as Node));
  if (!plan.byProduct && plan.columns.some((column) => usesProductColumn(column.expression))) {
    fail(
      "product_id and product are columns only with GROUP BY product_id; to narrow to products use WHERE product_id = '…'.",
      "SELECT product, SUM(revenue) FROM metrics WHERE time_range = 'last_month' GROUP BY product_id",
    );
  }
  const aliases = new Map(plan.columns.map((column) => [column.name, column.expression]));
  plan.orderBy = ((ast.orderby as Node[] | null) ?? []).map((item) => ({
    expression: orderExpression(item.expr as Node, aliases, plan.columns, toExpression),
    descending: String(item.type).toUpperCase() === "DESC",
  }));
  Object.assign(plan, limitOf(ast.limit as Node | null));
  plan.metrics = [...metrics];
  if (plan.metrics.length === 0) fail("Select at least one metric.", "SELECT period, revenue FROM metrics");
  return plan;
}

function checkFrom(from: unknown) {
  const tables = (from as Node[] | null) ?? [];
  if (tables.length === 0) fail("The query needs FROM metrics.");
  if (tables.length > 1) fail("JOINs and several tables are not supported; query the single table metrics.");
  const table = tables[0] as Node;
  if (table.expr) fail("Subqueries are not supported; query the table metrics directly.");
  if (String(table.table).toLowerCase() !== "metrics") {
    fail(`There is no table "${String(table.table)}"; the only table is metrics.`);
  }
}

function selectColumns(
  columns: unknown,
  toExpression: (node: unknown) => Expression,
  metrics: Set<string>,
): SelectColumn[] {
  const result: SelectColumn[] = [];
  for (const column of columns as Node[]) {
    const expr = column.expr as Node;
    if (expr.type === "column_ref" && expr.column === "*") {
      result.push({ name: "period", expression: { kind: "column", name: "period" } });
      for (const slug of METRIC_SLUGS) {
        metrics.add(slug);
        result.push({ name: slug, expression: { kind: "column", name: slug } });
      }
      continue;
    }
    const expression = toExpression(expr);
    result.push({ name: typeof column.as === "string" ? column.as : describe(expression), expression });
  }
  return result;
}

function expression(node: unknown, metrics: Set<string>): Expression {
  const n = node as Node;
  const recurse = (child: unknown) => expression(child, metrics);
  switch (n.type) {
    case "number":
      return { kind: "number", value: Number(n.value) };
    case "column_ref": {
      const name = columnName(n);
      if (name === "period") return { kind: "column", name };
      // Only meaningful with GROUP BY product_id, checked once the whole query is read.
      if (name === "product_id" || name === "product") return { kind: "column", name };
      if (name in FILTER_COLUMNS || name === "time_range" || name === "timezone") {
        fail(`${name} can only be used in WHERE, as ${name} = '…'.`);
      }
      const slug = metricIn(name);
      metrics.add(slug);
      return { kind: "column", name: slug };
    }
    case "unary_expr":
      if (n.operator !== "-") fail(`The operator ${String(n.operator)} is not supported.`);
      return { kind: "unary", operator: "-", operand: recurse(n.expr) };
    case "binary_expr": {
      const operator = String(n.operator);
      if (operator === "+" || operator === "-" || operator === "*" || operator === "/") {
        return { kind: "binary", operator, left: recurse(n.left), right: recurse(n.right) };
      }
      const comparison = { "=": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=" }[
        operator
      ];
      if (comparison) {
        return {
          kind: "compare",
          operator: comparison as "=" | "!=" | "<" | "<=" | ">" | ">=",
          left: recurse(n.left),
          right: recurse(n.right),
        };
      }
      return fail(`The operator ${operator} is not supported here; combine conditions with AND.`);
    }
    case "function": {
      const name = functionName(n);
      if (!(FUNCTIONS as readonly string[]).includes(name)) {
        fail(
          `The function ${name.toUpperCase()} is not supported; use ROUND, ABS, COALESCE, NULLIF, SUM, AVG, MIN, MAX or COUNT.`,
        );
      }
      const args = (((n.args as Node | null)?.value as unknown[]) ?? []).map(recurse);
      return { kind: "call", name: name as (typeof FUNCTIONS)[number], args };
    }
    case "aggr_func": {
      const name = String(n.name).toLowerCase();
      if (!(AGGREGATES as readonly string[]).includes(name))
        fail(`The aggregate ${String(n.name)} is not supported.`);
      if (n.over) fail("Window functions (OVER) are not supported.");
      const arg = (n.args as Node).expr as Node;
      return {
        kind: "aggregate",
        name: name as (typeof AGGREGATES)[number],
        arg: arg.type === "star" ? "*" : recurse(arg),
      };
    }
    case "single_quote_string":
    case "double_quote_string":
      return fail(
        `The text '${String(n.value)}' can only be compared with period, time_range or a filter column.`,
      );
    default:
      return fail(`${String(n.type).replace(/_/g, " ")} expressions are not supported.`);
  }
}

function columnName(node: Node): string {
  if (node.table)
    fail(`Qualified names such as ${String(node.table)}.… are not supported; there is one table.`);
  const column = node.column as Node | string;
  const name = typeof column === "string" ? column : String((column.expr as Node).value);
  return name.toLowerCase();
}

function functionName(node: Node): string {
  const parts = ((node.name as Node).name as Node[] | undefined) ?? [];
  return parts
    .map((part) => String(part.value))
    .join(".")
    .toLowerCase();
}

function applyWhere(where: Node, plan: QueryPlan, toExpression: (node: unknown) => Expression) {
  if (where.type === "binary_expr" && where.operator === "AND") {
    applyWhere(where.left as Node, plan, toExpression);
    applyWhere(where.right as Node, plan, toExpression);
    return;
  }
  if (where.type === "binary_expr" && where.operator === "OR") {
    fail(
      "OR is not supported in WHERE; combine conditions with AND (use IN for several values).",
      "SELECT revenue FROM metrics WHERE billing_type IN ('one_time', 'recurring')",
    );
  }
  const left = where.left as Node | undefined;
  const name = left?.type === "column_ref" ? columnName(left) : undefined;
  const operator = String(where.operator);
  if (name === "period") return applyPeriod(operator, where.right as Node, plan);
  if (name === "time_range" || name === "timezone") {
    if (operator !== "=")
      fail(`Use ${name} = '…'.`, "SELECT revenue FROM metrics WHERE time_range = 'last_month'");
    const value = textValue(where.right as Node);
    if (name === "time_range") {
      if (!isTimeRangePreset(value))
        fail(`'${value}' is not a time range preset; use one of: ${TIME_RANGE_PRESETS.join(", ")}.`);
      plan.timeRange = value;
    } else plan.timeZone = value;
    return;
  }
  if (name && name in FILTER_COLUMNS) {
    const key = FILTER_COLUMNS[name as keyof typeof FILTER_COLUMNS];
    if (operator !== "=" && operator !== "IN")
      fail(`Filter ${name} with = or IN.`, `SELECT revenue FROM metrics WHERE ${name} IN ('…')`);
    const right = where.right as Node;
    const values = right.type === "expr_list" ? (right.value as Node[]).map(textValue) : [textValue(right)];
    if (key === "billingTypes" && values.some((value) => value !== "one_time" && value !== "recurring")) {
      fail(
        "billing_type is 'one_time' or 'recurring'.",
        "SELECT revenue FROM metrics WHERE billing_type = 'recurring'",
      );
    }
    (plan as unknown as Record<string, string[]>)[key] = [...(plan[key] ?? []), ...values];
    return;
  }
  plan.rowFilters.push(toExpression(where));
}

function applyPeriod(operator: string, right: Node, plan: QueryPlan) {
  const example = "SELECT revenue FROM metrics WHERE period >= '2025-01-01' AND period < '2025-04-01'";
  if (operator === "BETWEEN") {
    const [from, to] = (right.value as Node[]).map((value) => dateValue(value, example));
    plan.periodConditions.push(
      { operator: ">=", date: from as CalendarDate },
      { operator: "<=", date: to as CalendarDate },
    );
    return;
  }
  const date = dateValue(right, example);
  if (operator === ">=" || operator === ">" || operator === "<=" || operator === "<" || operator === "=") {
    plan.periodConditions.push({ operator, date });
  } else fail(`period ${operator} is not supported; use =, <, <=, >, >= or BETWEEN.`, example);
}

function dateValue(node: Node, example: string): CalendarDate {
  const value = node.type === "date" ? String(node.value) : textValue(node);
  if (!isCalendarDate(value)) fail(`'${value}' is not a date; write dates as 'YYYY-MM-DD'.`, example);
  return value;
}

function textValue(node: Node): string {
  if (node.type === "single_quote_string" || node.type === "double_quote_string" || node.type === "date")
    return String(node.value);
  if (node.type === "column_ref") return columnName(node);
  return fail("Expected a quoted value such as 'last_month'.");
}

function usesProductColumn(expression: Expression): boolean {
  switch (expression.kind) {
    case "column":
      return expression.name === "product_id" || expression.name === "product";
    case "unary":
      return usesProductColumn(expression.operand);
    case "binary":
    case "compare":
      return usesProductColumn(expression.left) || usesProductColumn(expression.right);
    case "call":
      return expression.args.some(usesProductColumn);
    case "aggregate":
      return expression.arg !== "*" && usesProductColumn(expression.arg);
    default:
      return false;
  }
}

/** GROUP BY an interval, product_id, or both (`GROUP BY product_id, month`). */
function groupBy(groupByNode: Node): { interval?: Interval; byProduct?: true } {
  const columns = (groupByNode.columns as Node[] | null) ?? [];
  const example = "SELECT period, revenue FROM metrics GROUP BY week";
  if (columns.length === 0 || columns.length > 2)
    fail("GROUP BY takes an interval (hour, day, week, month or year), product_id, or both.", example);
  const result: { interval?: Interval; byProduct?: true } = {};
  for (const node of columns) {
    const name =
      node.type === "column_ref"
        ? columnName(node)
        : node.type === "single_quote_string"
          ? String(node.value)
          : "";
    if (name === "product_id" && !result.byProduct) {
      result.byProduct = true;
      continue;
    }
    if (name in FILTER_COLUMNS) {
      fail(
        `GROUP BY ${name} is not supported: rows are time buckets. Take it in two steps: list the values you need, then run one query per value with WHERE ${name} = '…'.`,
        `SELECT SUM(revenue) FROM metrics WHERE time_range = 'last_month' AND ${name} = '…'`,
      );
    }
    if (isInterval(name) && result.interval)
      fail(
        "GROUP BY takes one interval: hour, day, week, month or year (and optionally product_id).",
        example,
      );
    if (!isInterval(name))
      fail(
        `GROUP BY ${name || "…"} is not supported; group by hour, day, week, month or year (and product_id).`,
        example,
      );
    result.interval = name;
  }
  return result;
}

function orderExpression(
  node: Node,
  aliases: Map<string, Expression>,
  columns: SelectColumn[],
  toExpression: (node: unknown) => Expression,
): Expression {
  if (node.type === "number") {
    const column = columns[Number(node.value) - 1];
    if (!column) fail(`ORDER BY ${String(node.value)} is not a selected column.`);
    return column.expression;
  }
  if (node.type === "column_ref") {
    const alias = aliases.get(columnName(node));
    if (alias && !findMetric(columnName(node))) return alias;
  }
  return toExpression(node);
}

function limitOf(limit: Node | null): { limit?: number; offset?: number } {
  const values = ((limit?.value as Node[] | undefined) ?? []).map((value) => {
    if (value.type !== "number" || !Number.isInteger(value.value) || Number(value.value) < 0) {
      fail("LIMIT and OFFSET take whole numbers.", "SELECT period, revenue FROM metrics LIMIT 10");
    }
    return Number(value.value);
  });
  if (values.length === 0) return {};
  if (limit?.seperator === ",") return { offset: values[0] as number, limit: values[1] as number };
  return values.length === 2
    ? { limit: values[0] as number, offset: values[1] as number }
    : { limit: values[0] as number };
}

/** The text a column without alias is named after, e.g. `net_revenue / orders`. */
export function describe(expression: Expression): string {
  switch (expression.kind) {
    case "number":
      return String(expression.value);
    case "column":
      return expression.name;
    case "unary":
      return `-${describe(expression.operand)}`;
    case "binary":
    case "compare":
      return `${describe(expression.left)} ${expression.operator} ${describe(expression.right)}`;
    case "call":
      return `${expression.name}(${expression.args.map(describe).join(", ")})`;
    case "aggregate":
      return `${expression.name}(${expression.arg === "*" ? "*" : describe(expression.arg)})`;
  }
}
