/** How the test browser fills in and answers the pages it meets. */
export interface BrowseOptions {
  /** Values for the forms' fields by name, such as a sign-in page's `username`; others keep their value. */
  fill?: Record<string, string>;
  /** Which `decision` button to press on a consent page: `approve` (the default) or `deny`. */
  decision?: "approve" | "deny";
  /** Sees each response the browser receives, e.g. to check that no secret is in one. */
  onResponse?: (text: string, headers: Headers) => void;
}

const MAX_STEPS = 12;

const unescapeHtml = (text: string) =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

const attribute = (tag: string, name: string) => {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? undefined : unescapeHtml(value);
};

/** The first form that posts, as the fields a user would submit with `options`. */
function submission(html: string, options: BrowseOptions) {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || attribute(form[1] ?? "", "method")?.toLowerCase() !== "post") return undefined;
  const body = new URLSearchParams();
  for (const [input] of (form[2] ?? "").matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, "name");
    if (name) body.set(name, options.fill?.[name] ?? attribute(input, "value") ?? "");
  }
  const buttons = [...(form[2] ?? "").matchAll(/<button\b[^>]*>/gi)].map(([tag]) => ({
    name: attribute(tag, "name"),
    value: attribute(tag, "value") ?? "",
  }));
  const pressed =
    buttons.find(
      (button) => button.name === "decision" && button.value === (options.decision ?? "approve"),
    ) ?? buttons[0];
  if (pressed?.name) body.set(pressed.name, pressed.value);
  return { action: attribute(form[1] ?? "", "action") ?? "", body };
}

/**
 * Plays a user's browser in a sign-in: follows redirects from `start`, keeps cookies, submits each page's
 * form (a consent page, a provider's sign-in page) and returns the first URL that begins with `until` (the
 * MCP client's redirect URI) without opening it.
 * @throws Error when a page neither redirects nor has a form to submit
 */
export async function browse(start: URL | string, until: string, options: BrowseOptions = {}): Promise<URL> {
  const cookies = new Map<string, Map<string, string>>();
  const request = async (url: URL, init: RequestInit = {}) => {
    const jar = cookies.get(url.origin) ?? new Map<string, string>();
    cookies.set(url.origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      // As a browser navigating: it asks for HTML, so refusals come as pages.
      headers: { accept: "text/html,*/*;q=0.8", ...(cookie && { cookie }) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const [name = "", ...value] = pair.trim().split("=");
      if (attributes.some((part) => /^\s*max-age=0\s*$/i.test(part))) jar.delete(name);
      else jar.set(name, value.join("="));
    }
    const text = await response.text();
    options.onResponse?.(text, response.headers);
    return { response, text };
  };

  let next = new URL(start);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (next.href.startsWith(until)) return next;
    let { response, text } = await request(next);
    const form = response.status === 200 ? submission(text, options) : undefined;
    if (form) ({ response } = await request(new URL(form.action, next), { method: "POST", body: form.body }));
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`The browser stopped at ${next.origin}${next.pathname} with HTTP ${response.status}.`);
    }
    next = new URL(location, next);
  }
  throw new Error(`The browser followed more than ${MAX_STEPS} redirects.`);
}
