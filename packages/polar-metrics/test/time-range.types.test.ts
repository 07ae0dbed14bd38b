// Preset names are a closed union: a misspelt preset is a compile error, while explicit dates keep their own
// fields. `pnpm typecheck` checks the expected errors below: tsc fails if one of those lines compiles.
import { describe, expectTypeOf, test } from "vitest";
import {
  createPolarClient,
  type GetMetricsParams,
  resolveTimeRange,
  type TimeRangeInput,
  type TimeRangePreset,
} from "../src/index.js";

describe("the timeRange option's type", () => {
  test("is exactly the preset names", () => {
    expectTypeOf<TimeRangeInput["timeRange"]>().toEqualTypeOf<TimeRangePreset | undefined>();
    expectTypeOf<GetMetricsParams["timeRange"]>().toEqualTypeOf<TimeRangePreset | undefined>();
    expectTypeOf<"last_fortnight">().not.toExtend<TimeRangePreset>();
    expectTypeOf<"last_30_days">().toExtend<TimeRangePreset>();
  });

  test("a misspelt preset does not compile; a custom range uses dates", () => {
    const polar = createPolarClient({ accessToken: "polar_oat_typecheck_only" });
    // Never called: the functions are only type-checked.
    const typoes = () => {
      // @ts-expect-error "last_30_day" is not a preset
      resolveTimeRange({ timeRange: "last_30_day" });
      // @ts-expect-error "lastMonth" is not a preset
      void polar.getMetrics({ metrics: ["revenue"], timeRange: "lastMonth" });
      // @ts-expect-error a preset name must be a literal preset, not any string
      resolveTimeRange({ timeRange: String("last_month") });
    };
    const custom = () => resolveTimeRange({ startDate: "2025-01-01", endDate: "2025-03-31" });
    expectTypeOf(typoes).returns.toBeVoid();
    expectTypeOf(custom).returns.toHaveProperty("start");
  });
});
