import type { SuiteApi } from "./http-hardening-suite.js";

/** One tool call's outcome, as the suite checks it. */
export interface FaultMatrixResult {
  isError: boolean;
  /** The result's text content, joined. */
  text: string;
}

/** What the fault matrix suite needs to know about one app; the app starts its fake and servers itself. */
export interface FaultMatrixSpec<Fault> {
  /** Valid arguments for every tool that calls the API, so that only the injected fault can make a call fail. */
  arguments(): Record<string, Record<string, unknown>>;
  /** How many tools `arguments()` must name (counted independently, so that a lost tool fails the test). */
  toolCount?: number;
  /** Calls a tool on a server that never retries. */
  call(tool: string, args: Record<string, unknown>): Promise<FaultMatrixResult>;
  /** Makes every upstream route answer with `fault`. */
  setFault(fault: Fault): void;
  clearFaults(): void;
  /** Each fault with its label and the one sentence every tool must answer with. */
  faults: Array<[label: string, fault: Fault, message: RegExp]>;
  /** A credential no answer may contain. */
  secret?(): string;
  /** A mark of the fake's state before a fault's calls, handed to `checkFault`. */
  mark?(): number;
  /** Further checks after every tool ran under `fault` (say, that a failed write changed nothing). */
  checkFault?(fault: Fault, mark: number): void;
}

/**
 * Every tool under every upstream fault: each call fails with the fault's one sentence, carries no stack trace
 * and no credential, and every tool works again once the faults are gone. Call it at the top level of a test
 * file, with `import * as vitest from "vitest"`, after the `beforeAll` that starts the app's fake and servers.
 */
export function faultMatrixSuite<Fault>(vitest: SuiteApi, spec: FaultMatrixSpec<Fault>): void {
  const { describe, expect, it } = vitest;

  describe("every tool × every upstream fault → one sentence saying what to do", () => {
    it.each(spec.faults)("%s", async (_label, fault, message) => {
      const args = spec.arguments();
      const mark = spec.mark?.() ?? 0;
      spec.setFault(fault);
      try {
        const results = await Promise.all(
          Object.entries(args).map(async ([tool, input]) => [tool, await spec.call(tool, input)] as const),
        );
        if (spec.toolCount !== undefined) expect(results).toHaveLength(spec.toolCount);
        const secret = spec.secret?.();
        for (const [tool, result] of results) {
          expect(result.isError, `${tool}: ${result.text}`).toBe(true);
          expect(result.text, tool).toMatch(message);
          expect(result.text, tool).not.toMatch(/\n\s+at .+:\d+:\d+/);
          if (secret) expect(result.text, tool).not.toContain(secret);
        }
        spec.checkFault?.(fault, mark);
      } finally {
        spec.clearFaults();
      }
    });

    it("every tool works again once the faults are gone", async () => {
      spec.clearFaults();
      for (const [tool, input] of Object.entries(spec.arguments())) {
        const result = await spec.call(tool, input);
        expect(result.isError, `${tool}: ${result.text}`).toBe(false);
      }
    });
  });
}
