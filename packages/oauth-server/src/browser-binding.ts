import { createHash } from "node:crypto";

/** Where the consent page's form posts the user's answer. */
export const CONSENT_PATH = "/oauth/consent";
/** The path the upstream provider sends the user's browser back to. */
export const CALLBACK_PATH = "/oauth/callback";

/** How long a binding cookie lives, in seconds: as long as the step it guards stays pending. */
export const BINDING_SECONDS = 10 * 60;

/**
 * The steps of a sign-in that only the browser which took the step before may take: posting the answer to the
 * consent page (the browser that was shown the page), and arriving at the callback from the provider (the
 * browser that approved; otherwise a provider link handed to someone else would sign them in for the client
 * that approved it, the confused deputy). Each cookie is sent only to the path of its step.
 */
const STEPS = {
  consent: { prefix: "mcp_consent_", path: CONSENT_PATH },
  callback: { prefix: "mcp_signin_", path: CALLBACK_PATH },
} as const;

export type BoundStep = keyof typeof STEPS;

/** One cookie per pending step, named after its key (a token or state), so that sign-ins in several tabs do not clash. */
const cookieName = (step: BoundStep, key: string) =>
  `${STEPS[step].prefix}${createHash("sha256").update(key).digest("base64url").slice(0, 16)}`;

/**
 * The Set-Cookie header binding `key` to this browser. Lax keeps it off cross-site posts yet sends it on the
 * provider's top-level redirect back; HttpOnly keeps it from scripts; Secure when the server is on https.
 */
export function bindingCookie(step: BoundStep, key: string, secret: string, secure: boolean): string {
  return `${cookieName(step, key)}=${secret}; Path=${STEPS[step].path}; Max-Age=${BINDING_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie header that removes a binding once its step is taken. */
export function expiredBindingCookie(step: BoundStep, key: string, secure: boolean): string {
  return `${cookieName(step, key)}=; Path=${STEPS[step].path}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The secret of the binding cookie for `key`, from a request's Cookie header. */
export function bindingCookieValue(
  cookieHeader: string | undefined,
  step: BoundStep,
  key: string,
): string | undefined {
  const name = cookieName(step, key);
  for (const pair of (cookieHeader ?? "").split(";")) {
    const [cookie, ...value] = pair.trim().split("=");
    if (cookie === name) return value.join("=");
  }
  return undefined;
}
