// `@mcp-connectors/test-kit/fuzz`: the fuzzing helpers, apart from the rest of the test kit because
// their types name fast-check (and the fuzz suite's, vitest), which a user of the main entry need not have.
export { argumentsFor, type FastCheck, type FuzzFailure, fuzzTools } from "./fuzz.js";
export * from "./fuzz-checks.js";
export { type FuzzFake, type FuzzSuiteSpec, fuzzSuite } from "./fuzz-suite.js";
