import type { PromptDefinition } from "@mcp-connectors/tool-builder";
import { z } from "zod";

const weeklyBusinessReview: PromptDefinition<{ focus: z.ZodOptional<z.ZodString> }> = {
  name: "weekly_business_review",
  title: "Weekly business review",
  description: "Last week against the week before: what moved, why it matters, what to do.",
  arguments: { focus: z.string().optional().describe("Something to look at closely, e.g. churn") },
  message: ({ focus }) =>
    [
      "Write a weekly business review of my Polar store.",
      "1. Call audit_performance with time_range last_week and compare_to previous_period.",
      "2. For each significant change, call get_metrics with interval day over last_week to see which days drove it.",
      "3. Call list_products, then get_metrics with product_ids for the main products, to see which products drove the change.",
      "Report: a three-line summary, a table of the key metrics (money as currency), the good and bad moves with likely causes, and at most three actions.",
      focus ? `Pay special attention to: ${focus}.` : "",
    ]
      .filter(Boolean)
      .join("\n"),
};

const monthEndReport: PromptDefinition<{ month: z.ZodOptional<z.ZodString> }> = {
  name: "month_end_report",
  title: "Month-end report",
  description:
    "A month's revenue, subscriptions and churn against the previous month and the same month last year.",
  arguments: {
    month: z.string().optional().describe("YYYY-MM; default last month"),
  },
  message: ({ month }) => {
    const range = month
      ? `start_date ${month}-01 and end_date the last day of ${month}`
      : "time_range last_month";
    return [
      "Write a month-end report of my Polar store.",
      `1. Call audit_performance with ${range}, compare_to previous_period, then again with compare_to previous_year.`,
      `2. Call get_metrics for revenue, net_revenue, monthly_recurring_revenue, active_subscriptions and churn_rate with ${range} and interval week.`,
      "3. Call audit_performance with metric_names canceled_subscriptions_too_expensive, canceled_subscriptions_missing_features, canceled_subscriptions_unused and canceled_subscriptions_other to see why customers left.",
      "Report: headline numbers (money as currency), month-over-month and year-over-year changes, the weekly trend, cancellation reasons, and what to watch next month.",
    ].join("\n");
  },
};

/** Prompt templates for the reports people ask for most. */
export const prompts = [weeklyBusinessReview, monthEndReport];
