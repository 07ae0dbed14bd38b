import { describe, expect, it } from "vitest";
import {
  ConfigError,
  httpUrlSetting,
  settingText,
  wholeNumberSetting,
  yesNoSetting,
} from "../src/app-settings.js";

describe("app settings from the environment", () => {
  it("treats unset, empty and blank alike, and trims the rest", () => {
    expect([settingText(undefined), settingText(""), settingText("  "), settingText(" key ")]).toEqual([
      undefined,
      undefined,
      undefined,
      "key",
    ]);
  });

  it("reads a whole number within bounds, or the fallback when unset", () => {
    const env = { N: " 12 ", EMPTY: "" };
    expect(wholeNumberSetting(env, "N", { min: 1, max: 20, fallback: 5 })).toBe(12);
    expect(wholeNumberSetting(env, "EMPTY", { min: 1, max: 20, fallback: 5 })).toBe(5);
    expect(wholeNumberSetting(env, "MISSING", { min: 1, max: 20 })).toBeUndefined();
  });

  it.each(["0", "21", "1.5", "ten", "1e1x"])(
    "refuses %j for a number from 1 to 20, naming the variable",
    (value) => {
      const read = () => wholeNumberSetting({ N: value }, "N", { min: 1, max: 20 });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(`N must be a whole number from 1 to 20, not "${value}".`);
    },
  );

  it("reads yes/no in any case, and refuses anything else", () => {
    const env = { A: "YES", B: "0", C: "maybe" };
    expect([yesNoSetting(env, "A"), yesNoSetting(env, "B"), yesNoSetting(env, "D")]).toEqual([
      true,
      false,
      undefined,
    ]);
    expect(() => yesNoSetting(env, "C")).toThrow('C must be true or false, not "maybe".');
  });

  it("reads an http(s) URL, and refuses other schemes and non-URLs with an example", () => {
    expect(httpUrlSetting({ U: "https://api.example.com/v1" }, "U", "https://x")).toBe(
      "https://api.example.com/v1",
    );
    for (const bad of ["ftp://api.example.com", "api.example.com"])
      expect(() => httpUrlSetting({ U: bad }, "U", "https://api.example.com")).toThrow(
        `U must be an http or https URL such as https://api.example.com, not "${bad}".`,
      );
  });
});
