// `@mcp-connectors/test-kit/suites`: the suites every app runs with its own spec (HTTP hardening,
// credential echo, fault matrix, OAuth, secrets, stdio start), apart from the rest of the test kit because their types name
// vitest, which a user of the main entry need not have.
export { type CredentialEchoSpec, credentialEchoSuite } from "./credential-echo-suite.js";
export { type FaultMatrixResult, type FaultMatrixSpec, faultMatrixSuite } from "./fault-matrix-suite.js";
export {
  type HardeningFake,
  type HttpHardeningSpec,
  httpHardeningSuite,
  type SuiteApi,
} from "./http-hardening-suite.js";
export {
  type OAuthAccounts,
  type OAuthFake,
  type OAuthRead,
  type OAuthSpec,
  oauthSuite,
} from "./oauth-suite.js";
export { type SecretsFake, type SecretsSpec, secretsSuite } from "./secrets-suite.js";
export { type StdioStartFake, type StdioStartSpec, stdioStartSuite } from "./stdio-start-suite.js";
