/** Where the API lives: production and the sandbox are separate instances with separate tokens. */
export type PolarServer = "production" | "sandbox";

export const SERVER_URLS: Readonly<Record<PolarServer, string>> = {
  production: "https://api.polar.sh",
  sandbox: "https://sandbox-api.polar.sh",
};
