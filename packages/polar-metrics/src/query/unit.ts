import { findMetric, type MetricUnit } from "../catalog.js";
import type { Expression } from "./ast.js";

/**
 * The unit of a result column, when it has one: a metric's own, an aggregate's argument's (COUNT counts),
 * a function's first argument's. Arithmetic keeps a unit where the result is the same kind of value:
 * x ± y when both share a unit (money ± money is money, fraction ± fraction a fraction), and money × or ÷
 * a number or a count (net_revenue / orders is money per order, in cents).
 */
export function unitOf(expression: Expression): MetricUnit | undefined {
  switch (expression.kind) {
    case "column":
      return findMetric(expression.name)?.unit;
    case "aggregate":
      if (expression.name === "count") return "count";
      return expression.arg === "*" ? undefined : unitOf(expression.arg);
    case "call":
      return expression.args[0] ? unitOf(expression.args[0]) : undefined;
    case "unary":
      return unitOf(expression.operand);
    case "binary":
      return arithmeticUnit(expression.operator, expression.left, expression.right);
    default:
      return undefined;
  }
}

function arithmeticUnit(
  operator: "+" | "-" | "*" | "/",
  left: Expression,
  right: Expression,
): MetricUnit | undefined {
  const leftUnit = unitOf(left);
  const rightUnit = unitOf(right);
  const isScale = (expression: Expression, unit: MetricUnit | undefined) =>
    expression.kind === "number" || unit === "count";
  if (operator === "+" || operator === "-") return leftUnit === rightUnit ? leftUnit : undefined;
  if (leftUnit === "cents" && isScale(right, rightUnit)) return "cents";
  if (operator === "*" && rightUnit === "cents" && isScale(left, leftUnit)) return "cents";
  return undefined;
}
