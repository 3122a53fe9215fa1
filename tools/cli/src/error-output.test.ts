import { describe, expect, it } from "vitest";
import { ConfigError } from "@sunseo/config";
import { FlowStartFailedError } from "@sunseo/flow-client";
import { CliError, NotFoundError, UsageError } from "./errors.js";
import { formatError, reportOf, wantsJson } from "./error-output.js";

describe("reportOf", () => {
  it("keeps the CLI's codes and exit codes", () => {
    expect(reportOf(new UsageError("unknown option --x"))).toEqual({ code: "USAGE", message: "unknown option --x", exitCode: 2 });
    expect(reportOf(new NotFoundError("no flow"))).toMatchObject({ code: "NOT_FOUND", exitCode: 1 });
    expect(reportOf(new CliError("bad start", 2, "MISSING_VARIABLES", ["variables.name: missing"]))).toEqual({
      code: "MISSING_VARIABLES",
      message: "bad start",
      problems: ["variables.name: missing"],
      exitCode: 2,
    });
  });

  it("gives configuration, Kafka and library errors a code", () => {
    expect(reportOf(new ConfigError(["REDIS_URL: required"]))).toMatchObject({ code: "INVALID_CONFIG", exitCode: 2, problems: ["REDIS_URL: required"] });
    const kafka = Object.assign(new Error("Connection timeout\n  at broker"), { name: "KafkaJSConnectionError" });
    expect(reportOf(kafka)).toEqual({ code: "KAFKA", message: "kafka: Connection timeout at broker", exitCode: 1 });
    expect(reportOf(new FlowStartFailedError("f", "01012345678", "k-1", new Error("timeout")))).toMatchObject({ code: "FLOW_START_FAILED", exitCode: 1 });
    expect(reportOf("odd")).toEqual({ code: "FAILED", message: "odd", exitCode: 1 });
  });
});

describe("formatError", () => {
  const report = { code: "INVALID_REQUEST", message: "invalid flow-start: phone: bad; flow: bad", problems: ["phone: bad", "flow: bad"], exitCode: 2 } as const;

  it("prints one object under --json", () => {
    expect(JSON.parse(formatError(report, true))).toEqual({
      error: { code: "INVALID_REQUEST", message: report.message, problems: ["phone: bad", "flow: bad"] },
    });
    expect(JSON.parse(formatError({ code: "USAGE", message: "m", exitCode: 2 }, true))).toEqual({ error: { code: "USAGE", message: "m" } });
  });

  it("prints plain text otherwise, a line per problem when there are several", () => {
    expect(formatError(report, false)).toBe("sunseo: invalid flow-start: phone: bad; flow: bad\n  - phone: bad\n  - flow: bad");
    expect(formatError({ code: "USAGE", message: "m", exitCode: 2 }, false)).toBe("sunseo: m");
  });
});

describe("wantsJson", () => {
  it("reads --json before a --", () => {
    expect(wantsJson(["flows", "--bogus", "--json"])).toBe(true);
    expect(wantsJson(["cancel", "--", "--json"])).toBe(false);
  });
});
