import { sharedConfig } from "./vitest.shared.ts";

// The repository-wide checks in repo-tests/; each package has its own config for its own tests.
export default sharedConfig(import.meta.dirname, {
  include: ["repo-tests/**/*.test.ts"],
  reportName: "repo",
});
