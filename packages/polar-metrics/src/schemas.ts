import { z } from "zod";

/** `GET /v1/metrics/` response: one entry per period, totals, and the returned metrics' descriptions. */
export const metricsResponseSchema = z.object({
  periods: z.array(z.object({ timestamp: z.string() }).catchall(z.number().nullable())),
  totals: z.record(z.string(), z.number().nullable()),
  // The OpenAPI description allows null for each entry of `metrics` (as for each value in periods and totals).
  metrics: z.record(
    z.string(),
    z
      .object({
        slug: z.string(),
        display_name: z.string(),
        type: z.enum(["scalar", "currency", "currency_sub_cent", "percentage"]),
      })
      .nullable(),
  ),
});

export type MetricsResponse = z.infer<typeof metricsResponseSchema>;

const intervalLimitSchema = z.object({ min_days: z.number(), max_days: z.number() });

/** `GET /v1/metrics/limits` response. */
export const metricsLimitsSchema = z.object({
  min_date: z.string(),
  intervals: z.object({
    hour: intervalLimitSchema,
    day: intervalLimitSchema,
    week: intervalLimitSchema,
    month: intervalLimitSchema,
    year: intervalLimitSchema,
  }),
});

export type MetricsLimits = z.infer<typeof metricsLimitsSchema>;

/** The fields of a Polar product this client reads; the API sends more. */
export const productSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  is_recurring: z.boolean(),
  is_archived: z.boolean(),
  recurring_interval: z.enum(["day", "week", "month", "year"]).nullish(),
  organization_id: z.string(),
  created_at: z.string(),
});

export type Product = z.infer<typeof productSchema>;

/** `GET /v1/products/` response. */
export const productListSchema = z.object({
  items: z.array(productSchema),
  pagination: z.object({ total_count: z.number(), max_page: z.number() }),
});

export type ProductList = z.infer<typeof productListSchema>;

/** A 422 body's `detail[]`, read loosely: anything unreadable is skipped. */
export const validationBodySchema = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])).default([]), msg: z.string() })),
});
