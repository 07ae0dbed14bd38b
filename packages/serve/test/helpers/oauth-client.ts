import { createHash } from "node:crypto";
import {
  type FakeOAuthProvider,
  responseRecorder,
  signInWithSdk as signInThroughBrowser,
} from "@mcp-connectors/test-kit";

export { REDIRECT_URI, responseRecorder } from "@mcp-connectors/test-kit";

export const fingerprint = (credential: string) =>
  createHash("sha256").update(credential).digest("hex").slice(0, 12);

/** Signs `user` in at the fake provider through the SDK client, approving the consent page. */
export const signInWithSdk = (
  serverUrl: string,
  upstream: FakeOAuthProvider,
  user: string,
  recorder = responseRecorder(),
) =>
  signInThroughBrowser(
    serverUrl,
    (url, redirectUri, onResponse) => upstream.signIn(url, user, redirectUri, onResponse),
    recorder,
  );
