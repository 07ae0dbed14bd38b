import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPolarClient, type Interval, resolveTimeRange, type TimeRangePreset } from "../src/index.js";
import { type FakePolar, startFakePolar } from "../src/testing/index.js";

// A differential test of `query`'s SQL semantics: the same daily rows are loaded into a real SQL engine
// (node:sqlite), rolled up into rows of buckets there (flows summed, the stock taken on the bucket's last
// day), and generated queries run on both; results must agree row by row, column by column.
const now = new Date("2025-06-15T12:00:00Z");
const FIRST = "2024-01-01"; // a Monday: weeks, months and years all start whole here
const TODAY = "2025-06-15";
const FLOWS = ["revenue", "orders", "net_revenue", "checkouts"] as const;
const STOCK = "active_subscriptions";
const METRICS = [...FLOWS, STOCK];
const HOURS_FROM = "2025-06-08";
const HOUR_RUNS = 100;
const RUNS = 400;

let fake: FakePolar;
let db: DatabaseSync;

const client = () =>
  createPolarClient({ accessToken: fake.token, baseUrl: fake.url, now: () => now, retry: 0 });

beforeAll(async () => {
  fake = await startFakePolar({ seed: 21, now });
  const daily = await client().getMetrics({
    metrics: METRICS,
    startDate: FIRST,
    endDate: TODAY,
    interval: "day",
  });
  db = new DatabaseSync(":memory:");
  db.exec(`CREATE TABLE daily (day TEXT PRIMARY KEY, ${METRICS.map((m) => `${m} REAL`).join(", ")})`);
  const insert = db.prepare(`INSERT INTO daily VALUES (?, ${METRICS.map(() => "?").join(", ")})`);
  for (const period of daily.periods)
    insert.run(period.period, ...METRICS.map((m) => period.values[m] ?? null));
  // The last 8 days by hour (the hour interval spans at most 7 days), up to now: rows labelled 'YYYY-MM-DD HH:00'.
  const hourly = await client().getMetrics({
    metrics: METRICS,
    startDate: HOURS_FROM,
    endDate: TODAY,
    interval: "hour",
  });
  db.exec(`CREATE TABLE hourly (period TEXT PRIMARY KEY, ${METRICS.map((m) => `${m} REAL`).join(", ")})`);
  const insertHour = db.prepare(`INSERT INTO hourly VALUES (?, ${METRICS.map(() => "?").join(", ")})`);
  for (const period of hourly.periods)
    insertHour.run(period.period, ...METRICS.map((m) => period.values[m] ?? null));
});

afterAll(async () => {
  db?.close();
  await fake?.close();
});

/** The bucket start of a day, in SQLite's own date functions. */
const BUCKET: Record<Exclude<Interval, "hour">, string> = {
  day: "day",
  week: "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')",
  month: "strftime('%Y-%m-01', day)",
  year: "strftime('%Y-01-01', day)",
};

/**
 * Rows of buckets at a grain, made by SQLite: flows summed, the stock on the bucket's last day (bare column of
 * MAX). With a `time_range`, only its days go into the buckets, so a bucket it cuts holds its days inside.
 */
function useGrain(grain: Exclude<Interval, "hour">, days?: { start: string; end: string }) {
  db.exec("DROP VIEW IF EXISTS metrics");
  db.exec(
    `CREATE VIEW metrics AS SELECT period, ${FLOWS.map((m) => `${m}`).join(", ")}, ${STOCK} FROM (
       SELECT ${BUCKET[grain]} AS period, ${FLOWS.map((m) => `SUM(${m}) AS ${m}`).join(", ")}, ${STOCK}, MAX(day) AS last_day
       FROM daily ${days ? `WHERE day BETWEEN '${days.start}' AND '${days.end}'` : ""} GROUP BY 1)`,
  );
}

const metric = fc.constantFrom(...METRICS);
const date = fc
  .integer({ min: 0, max: 530 })
  .map((days) => new Date(Date.parse(`${FIRST}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10));
const rowExpression = fc.oneof(
  metric,
  fc.tuple(metric, metric).map(([a, b]) => `${a} + ${b}`),
  fc.tuple(metric, metric).map(([a, b]) => `ABS(${a} - ${b})`),
  fc.tuple(metric, fc.integer({ min: 2, max: 5 })).map(([a, k]) => `${a} * ${k}`),
  fc.tuple(metric, metric).map(([a, b]) => `${a} / NULLIF(${b}, 0)`),
);
const metricAggregate = fc
  .tuple(fc.constantFrom("SUM", "AVG", "MIN", "MAX"), metric)
  .map(([f, m]) => `${f}(${m})`);
const aggregate = fc.oneof(
  metricAggregate,
  fc.constant("COUNT(*)"),
  fc.tuple(metric, metric).map(([a, b]) => `SUM(${a}) / NULLIF(SUM(${b}), 0)`),
);
const lower = fc.oneof(
  date.map((d) => `period >= '${d}'`),
  date.map((d) => `period > '${d}'`),
  date.map((d) => `period = '${d}'`),
  fc.tuple(date, date).map((pair) => {
    const [a, b] = pair.sort();
    return `period BETWEEN '${a}' AND '${b}'`;
  }),
);
const upper = fc.option(
  fc.oneof(
    date.map((d) => `period <= '${d}'`),
    date.map((d) => `period < '${d}'`),
  ),
  { nil: undefined },
);
const condition = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 8 }).map((k) => `orders > ${k}`),
    fc.integer({ min: 0, max: 200_000 }).map((k) => `revenue >= ${k}`),
    fc.integer({ min: 0, max: 400 }).map((k) => `${STOCK} < ${k * 10}`),
  ),
  { nil: undefined },
);
// Presets whose days all lie inside the loaded rows (2024-01-01 to today, 2025-06-15).
const PRESETS = [
  "last_7_days",
  "last_30_days",
  "last_90_days",
  "last_365_days",
  "week_to_date",
  "month_to_date",
  "quarter_to_date",
  "year_to_date",
  "last_week",
  "last_month",
  "last_quarter",
  "last_12_months",
  "yesterday",
] as const satisfies readonly TimeRangePreset[];

const query = fc.record({
  preset: fc.option(fc.constantFrom(...PRESETS), { nil: undefined }),
  withLower: fc.boolean(),
  grain: fc.constantFrom("day", "week", "month", "year") as fc.Arbitrary<Exclude<Interval, "hour">>,
  folded: fc.boolean(),
  rows: fc.array(rowExpression, { minLength: 1, maxLength: 3 }),
  // The tool needs at least one metric in a query: COUNT(*) alone names none.
  aggregates: fc
    .tuple(metricAggregate, fc.array(aggregate, { maxLength: 2 }))
    .map(([first, rest]) => [first, ...rest]),
  lower,
  upper,
  condition,
  order: fc.option(fc.tuple(fc.constantFrom(...METRICS, "period"), fc.boolean()), { nil: undefined }),
  limit: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
});

type GeneratedQuery = typeof query extends fc.Arbitrary<infer T> ? T : never;

function toSql(q: GeneratedQuery) {
  const expressions = q.folded ? q.aggregates : ["period", ...q.rows];
  const select = expressions.map((e, index) => `${e} AS c${index}`).join(", ");
  // Without a time_range, a lower bound keeps the range inside the loaded rows.
  const lowerBound = q.preset && !q.withLower ? undefined : q.lower;
  const conditions = [lowerBound, q.upper, q.condition].filter(Boolean);
  const toolWhere = [q.preset && `time_range = '${q.preset}'`, ...conditions].filter(Boolean).join(" AND ");
  const where = conditions.join(" AND ");
  const order =
    q.order && !q.folded
      ? ` ORDER BY ${q.order[0]}${q.order[1] ? " DESC" : ""}${q.order[0] === "period" ? "" : ", period"}`
      : "";
  const limit = q.limit && !q.folded ? ` LIMIT ${q.limit}` : "";
  return {
    tool: `SELECT ${select} FROM metrics WHERE ${toolWhere} GROUP BY ${q.grain}${order}${limit}`,
    sqlite: `SELECT ${select} FROM metrics${where ? ` WHERE ${where}` : ""}${order}${limit}`,
  };
}

function same(actual: unknown, expected: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === "number" && typeof actual === "number")
    return Math.abs(actual - expected) <= Math.max(Math.abs(expected) * 1e-5, 1e-9);
  return actual === expected;
}

/** Checks the query's rows against SQLite's, row by row and column by column; returns how many rows it compared. */
function expectSameRows(
  tool: string,
  rows: readonly Record<string, unknown>[],
  expected: readonly Record<string, unknown>[],
): number {
  expect(rows.length, tool).toBe(expected.length);
  rows.forEach((row, index) => {
    for (const [column, value] of Object.entries(expected[index] ?? {})) {
      expect(same(row[column], value), `${tool}\nrow ${index} ${column}: ${row[column]} vs ${value}`).toBe(
        true,
      );
    }
  });
  return rows.length;
}

describe("query agrees with SQLite over the same rows of buckets", () => {
  test(`${RUNS} generated queries, grain by grain`, { timeout: 60_000 }, async () => {
    let rowsCompared = 0;
    let withPreset = 0;
    const byGrain: Record<string, number> = { day: 0, week: 0, month: 0, year: 0 };
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const { tool, sqlite } = toSql(q);
        useGrain(q.grain, q.preset ? resolveTimeRange({ timeRange: q.preset, now }) : undefined);
        if (q.preset) withPreset++;
        byGrain[q.grain] = (byGrain[q.grain] ?? 0) + 1;
        const expected = db.prepare(sqlite).all() as Record<string, unknown>[];
        const result = await client().query(tool);
        rowsCompared += expectSameRows(tool, result.rows, expected);
      }),
      { numRuns: RUNS, seed: 20261206 },
    );
    expect(rowsCompared).toBeGreaterThan(RUNS);
    expect(withPreset).toBeGreaterThan(RUNS / 4);
    for (const grain of Object.keys(byGrain)) expect(byGrain[grain], grain).toBeGreaterThan(RUNS / 8);
  });
});

const hourDate = fc
  .integer({ min: 0, max: 7 })
  .map((days) =>
    new Date(Date.parse(`${HOURS_FROM}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10),
  );
const hourQuery = fc.record({
  folded: fc.boolean(),
  rows: fc.array(rowExpression, { minLength: 1, maxLength: 3 }),
  aggregates: fc
    .tuple(metricAggregate, fc.array(aggregate, { maxLength: 2 }))
    .map(([first, rest]) => [first, ...rest]),
  lower: fc.tuple(fc.constantFrom(">=", ">", "="), hourDate),
  upper: fc.option(fc.tuple(fc.constantFrom("<=", "<"), hourDate), { nil: undefined }),
  condition: fc.option(
    fc.integer({ min: 0, max: 3 }).map((k) => `orders > ${k}`),
    { nil: undefined },
  ),
  order: fc.option(fc.tuple(fc.constantFrom(...METRICS, "period"), fc.boolean()), { nil: undefined }),
  limit: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
});

describe("query at the hour grain agrees with SQLite over the same hourly rows", () => {
  test(`${HOUR_RUNS} generated queries: period conditions compare hour starts with the date's midnight`, {
    timeout: 60_000,
  }, async () => {
    let rowsCompared = 0;
    await fc.assert(
      fc.asyncProperty(hourQuery, async (q) => {
        const expressions = q.folded ? q.aggregates : ["period", ...q.rows];
        const select = expressions.map((e, index) => `${e} AS c${index}`).join(", ");
        const bounds = [q.lower, q.upper].filter((bound) => bound !== undefined) as [string, string][];
        const where = (midnight: boolean) =>
          [
            ...bounds.map(([operator, date]) => `period ${operator} '${date}${midnight ? " 00:00" : ""}'`),
            q.condition,
          ]
            .filter(Boolean)
            .join(" AND ");
        const order =
          q.order && !q.folded
            ? ` ORDER BY ${q.order[0]}${q.order[1] ? " DESC" : ""}${q.order[0] === "period" ? "" : ", period"}`
            : "";
        const limit = q.limit && !q.folded ? ` LIMIT ${q.limit}` : "";
        const tool = `SELECT ${select} FROM metrics WHERE ${where(false)} GROUP BY hour${order}${limit}`;
        const expected = db
          .prepare(`SELECT ${select} FROM hourly WHERE ${where(true)}${order}${limit}`)
          .all() as Record<string, unknown>[];
        const result = await client().query(tool);
        rowsCompared += expectSameRows(tool, result.rows, expected);
      }),
      { numRuns: HOUR_RUNS, seed: 20261207 },
    );
    expect(rowsCompared).toBeGreaterThan(HOUR_RUNS);
  });
});
