/** The package version, written into the bundle by scripts/build-app.mjs. */
declare const __APP_VERSION__: string;
