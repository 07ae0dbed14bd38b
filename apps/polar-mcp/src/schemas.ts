import {
  type BillingType,
  COMPARISON_TARGETS,
  type GetMetricsParams,
  INTERVALS,
  latestEndDate,
  MAX_DAYS_AFTER_TODAY,
  MIN_DATE,
  resolveMetric,
  TIME_RANGE_PRESETS,
  type TimeRangePreset,
  UnknownMetricError,
} from "@mcp-connectors/polar-metrics";
import { z } from "zod";

/** A metric the catalog knows; names from other analytics products get the catalog's explanation. */
const metricName = z
  .string()
  .min(1)
  .max(64)
  .superRefine((name, context) => {
    try {
      resolveMetric(name);
    } catch (error) {
      if (!(error instanceof UnknownMetricError)) throw error;
      context.addIssue({ code: "custom", message: error.message });
    }
  });

/** Metric slugs, as `list_metrics` names them. */
export const metricNames = z
  .array(metricName)
  .min(1)
  .max(20)
  .describe('Slugs from list_metrics, e.g. ["revenue","orders"]');

/** A named time range, resolved against today in the time zone. */
export const timeRange = z.enum(TIME_RANGE_PRESETS).describe("Default last_30_days");

/** A calendar day, `YYYY-MM-DD`. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  // Refused here, by field name, rather than by the client's message that cannot name it.
  .refine((day) => new Date(Date.parse(day) || 0).toISOString().startsWith(day), "use a real calendar date")
  .describe("YYYY-MM-DD, inclusive");

const isTimeZone = (name: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name. */
export const timezone = z
  .string()
  .max(64)
  .refine(isTimeZone, "use an IANA time zone such as Europe/Berlin or UTC")
  .describe("IANA zone; default the server's");

/** The bucket size of a series. */
export const interval = z.enum(INTERVALS).describe("Default: picked from the range's length");

/** Polar ids (UUIDs) to narrow the metrics to. */
const ids = z
  .array(z.string().regex(/^[0-9a-fA-F-]{36}$/, "use a Polar id (a UUID)"))
  .min(1)
  .max(20);
export const productIds = ids.describe("From list_products");
export const customerIds = ids;

export const billingType = z.enum(["one_time", "recurring"]);

/** What a range is compared with. */
export const compareTo = z.enum(COMPARISON_TARGETS).default("previous_period");

/**
 * No date more than a year ahead: Polar has no figures for the future, and a far date only makes work.
 * Tomorrow in UTC stands for today, so that no time zone's today is refused here; the client checks exactly.
 */
const notFarAhead = (day: string) =>
  day <= latestEndDate(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
const farAheadRule = `at most ${MAX_DAYS_AFTER_TODAY} days after today`;

/** The fields that choose a range of days: a preset, or explicit dates. */
export const rangeFields = {
  time_range: timeRange.optional(),
  start_date: calendarDate
    .refine((day) => day >= MIN_DATE, `Polar serves metrics from ${MIN_DATE} on`)
    .refine(notFarAhead, farAheadRule)
    .optional(),
  end_date: calendarDate.refine(notFarAhead, farAheadRule).optional(),
  timezone: timezone.optional(),
};

type RangeFields = {
  time_range?: TimeRangePreset | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  timezone?: string | undefined;
};

/** An end date before the start date, named by field, so the model sees which argument to fix. */
export function endNotBeforeStart(input: RangeFields, context: z.RefinementCtx): void {
  if (input.start_date && input.end_date && input.end_date < input.start_date) {
    context.addIssue({
      code: "custom",
      path: ["end_date"],
      message: `end_date ${input.end_date} is before start_date ${input.start_date}`,
    });
  }
}

/** The client's range parameters for the range fields; explicit dates win over a preset. */
export function rangeParams(input: RangeFields): Omit<GetMetricsParams, "metrics"> {
  const dates = input.start_date !== undefined || input.end_date !== undefined;
  return {
    ...(dates ? { startDate: input.start_date, endDate: input.end_date } : { timeRange: input.time_range }),
    ...(input.timezone ? { timeZone: input.timezone } : {}),
  };
}

/** The client's filters for the filter fields. */
export function filterParams(input: {
  product_ids?: string[] | undefined;
  customer_ids?: string[] | undefined;
  billing_type?: BillingType | undefined;
}): Pick<GetMetricsParams, "productIds" | "customerIds" | "billingTypes"> {
  return {
    ...(input.product_ids ? { productIds: input.product_ids } : {}),
    ...(input.customer_ids ? { customerIds: input.customer_ids } : {}),
    ...(input.billing_type ? { billingTypes: [input.billing_type] } : {}),
  };
}
