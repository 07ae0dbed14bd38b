import type { ComparisonTarget } from "../compare.js";
import type { Interval } from "../intervals.js";
import type { BillingType } from "../reports.js";
import type { TimeRangePreset } from "../time-range.js";

/** An expression the query evaluates locally, per row or over all rows. */
export type Expression =
  | { kind: "number"; value: number }
  | { kind: "column"; name: string }
  | { kind: "unary"; operator: "-"; operand: Expression }
  | { kind: "binary"; operator: "+" | "-" | "*" | "/"; left: Expression; right: Expression }
  | { kind: "compare"; operator: "=" | "!=" | "<" | "<=" | ">" | ">="; left: Expression; right: Expression }
  | { kind: "call"; name: "round" | "abs" | "coalesce" | "nullif"; args: Expression[] }
  | { kind: "aggregate"; name: "sum" | "avg" | "min" | "max" | "count"; arg: Expression | "*" };

export interface SelectColumn {
  /** The column's name in the result: its alias, or the query text it came from. */
  name: string;
  expression: Expression;
}

/** What a parsed query asks for: the part pushed down to the API, and the part evaluated locally. */
export interface QueryPlan {
  columns: SelectColumn[];
  /** Metric slugs the query reads. */
  metrics: string[];
  timeRange?: TimeRangePreset;
  /**
   * Conditions on `period`, combined by AND: they compare the start of each row's bucket (at the GROUP BY
   * grain) with a date, as SQL over rows of buckets would.
   */
  periodConditions: PeriodCondition[];
  timeZone?: string;
  interval?: Interval;
  /** `GROUP BY product_id`: the query runs once per product (bounded), rows carry `product_id` and `product`. */
  byProduct?: boolean;
  productIds?: string[];
  customerIds?: string[];
  billingTypes?: BillingType[];
  /** Conditions on metric values, applied to each period. */
  rowFilters: Expression[];
  orderBy: { expression: Expression; descending: boolean }[];
  limit?: number;
  offset?: number;
  compareTo?: ComparisonTarget;
}

/** `period <operator> 'YYYY-MM-DD'`; BETWEEN a AND b is `>= a` and `<= b`. */
export interface PeriodCondition {
  operator: "=" | "<" | "<=" | ">" | ">=";
  date: string;
}
