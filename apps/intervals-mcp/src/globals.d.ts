/** The package version, written into the bundle by scripts/build-app.mjs. */
declare const __APP_VERSION__: string;

/**
 * The tools' JSON Schemas as `tools/list` shows them (JSON of `listedSchemas(tools)`), computed from the tool
 * definitions by scripts/build-app.mjs and written into the bundle.
 */
declare const __TOOL_SCHEMAS__: string;
