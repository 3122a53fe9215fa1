import { describe, expect, it } from "vitest";
import { COMMAND_HELP, helpText, USAGE } from "./help.js";

describe("help", () => {
  it("gives every command its usage, options and an example", () => {
    for (const [command, text] of Object.entries(COMMAND_HELP)) {
      expect(text).toMatch(new RegExp(`^usage: sunseo ${command}\\b`));
      expect(text).toMatch(/\nexamples?:\n {2}(SUNSEO_FLOWS_FILE=\S+ \S+ \\\n {4})?sunseo /);
      expect(text).toContain("--utc");
    }
  });

  it("lists every command in the general usage", () => {
    expect(helpText()).toBe(USAGE);
    for (const command of Object.keys(COMMAND_HELP)) expect(USAGE).toMatch(new RegExp(`^ {2}${command} `, "m"));
    expect(USAGE).toContain("exit codes:");
  });
});
