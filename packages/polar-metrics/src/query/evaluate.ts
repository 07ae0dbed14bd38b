import { roundValues } from "../rounding.js";
import type { MetricPeriod } from "../totals.js";
import type { Expression, QueryPlan } from "./ast.js";

/** A result cell: a number, the period label, or null where a value is missing or a division by zero. */
export type QueryValue = number | string | null;

type Row = Record<string, number | string | null>;

/** Turns periods into result rows: filters, computed columns, aggregates, ORDER BY and LIMIT; numbers to 6 significant digits. */
export function evaluatePlan(
  plan: QueryPlan,
  periods: readonly MetricPeriod[],
): Record<string, QueryValue>[] {
  const rows: Row[] = periods
    .map((period) => ({ period: period.period, ...period.values }))
    .filter((row) => plan.rowFilters.every((filter) => truthy(evaluate(filter, row, []))));
  const aggregated = plan.columns.some((column) => containsAggregate(column.expression));
  const output = aggregated
    ? [Object.fromEntries(plan.columns.map((column) => [column.name, evaluate(column.expression, {}, rows)]))]
    : rows.map((row) => ({
        ...Object.fromEntries(
          plan.columns.map((column) => [column.name, evaluate(column.expression, row, rows)]),
        ),
        __row: row,
      }));
  if (plan.orderBy.length > 0 && !aggregated) {
    output.sort((a, b) => {
      for (const { expression, descending } of plan.orderBy) {
        const order = compareValues(
          evaluate(expression, (a as { __row: Row }).__row, rows),
          evaluate(expression, (b as { __row: Row }).__row, rows),
        );
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
  }
  const start = plan.offset ?? 0;
  const sliced = output.slice(start, plan.limit === undefined ? undefined : start + plan.limit);
  return sliced.map(({ __row: _row, ...columns }: Record<string, unknown>) =>
    roundValues(columns as Record<string, QueryValue>),
  );
}

/** Whether an expression folds rows into one value. */
export function containsAggregate(expression: Expression): boolean {
  switch (expression.kind) {
    case "aggregate":
      return true;
    case "unary":
      return containsAggregate(expression.operand);
    case "binary":
    case "compare":
      return containsAggregate(expression.left) || containsAggregate(expression.right);
    case "call":
      return expression.args.some(containsAggregate);
    default:
      return false;
  }
}

function evaluate(expression: Expression, row: Row, rows: readonly Row[]): QueryValue {
  switch (expression.kind) {
    case "number":
      return expression.value;
    case "column":
      return row[expression.name] ?? null;
    case "unary": {
      const value = evaluate(expression.operand, row, rows);
      return typeof value === "number" ? -value : null;
    }
    case "binary": {
      const left = evaluate(expression.left, row, rows);
      const right = evaluate(expression.right, row, rows);
      if (typeof left !== "number" || typeof right !== "number") return null;
      if (expression.operator === "+") return left + right;
      if (expression.operator === "-") return left - right;
      if (expression.operator === "*") return left * right;
      return right === 0 ? null : left / right;
    }
    case "compare": {
      const order = compareValues(
        evaluate(expression.left, row, rows),
        evaluate(expression.right, row, rows),
      );
      const results = {
        "=": order === 0,
        "!=": order !== 0,
        "<": order < 0,
        "<=": order <= 0,
        ">": order > 0,
        ">=": order >= 0,
      };
      return results[expression.operator] ? 1 : 0;
    }
    case "call":
      return callFunction(
        expression.name,
        expression.args.map((arg) => evaluate(arg, row, rows)),
      );
    case "aggregate":
      return aggregate(expression, rows);
  }
}

function callFunction(name: "round" | "abs" | "coalesce" | "nullif", args: QueryValue[]): QueryValue {
  const [first, second] = args;
  if (name === "coalesce") return args.find((arg) => arg !== null) ?? null;
  if (name === "nullif") return first === second ? null : (first ?? null);
  if (typeof first !== "number") return null;
  if (name === "abs") return Math.abs(first);
  const factor = 10 ** (typeof second === "number" ? second : 0);
  return Math.round(first * factor) / factor;
}

function aggregate(expression: Extract<Expression, { kind: "aggregate" }>, rows: readonly Row[]): QueryValue {
  const { arg } = expression;
  if (arg === "*") return rows.length;
  const values = rows
    .map((row) => evaluate(arg, row, rows))
    .filter((value): value is number => typeof value === "number");
  if (expression.name === "count") return values.length;
  if (values.length === 0) return null;
  if (expression.name === "sum") return values.reduce((sum, value) => sum + value, 0);
  if (expression.name === "avg") return values.reduce((sum, value) => sum + value, 0) / values.length;
  return expression.name === "min" ? Math.min(...values) : Math.max(...values);
}

/** SQL-like ordering of two cells: nulls first, numbers by value, text by code points. */
export function compareValues(a: QueryValue, b: QueryValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}

function truthy(value: QueryValue): boolean {
  return value !== null && value !== 0;
}
