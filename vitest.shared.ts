import { basename, join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The vitest settings every package shares. When TEST_REPORT_DIR is set (as `.ci/run` does), each package
 * also writes vitest's JSON report there, so the CI script can print one total for the whole monorepo.
 */
export function sharedConfig(packageDir: string, options: { include?: string[]; reportName?: string } = {}) {
  const reportDir = process.env.TEST_REPORT_DIR;
  return defineConfig({
    test: {
      include: options.include ?? ["test/**/*.test.ts", "src/**/*.test.ts"],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      reporters: reportDir ? ["default", "json"] : ["default"],
      outputFile: reportDir
        ? { json: join(reportDir, `${options.reportName ?? basename(packageDir)}.json`) }
        : undefined,
    },
  });
}
