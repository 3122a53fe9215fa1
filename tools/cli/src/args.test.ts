import { describe, expect, it } from "vitest";
import { parseCommand } from "./args.js";
import { UsageError } from "./errors.js";

const usage = (argv: string[]) => expect(() => parseCommand(argv)).toThrow(UsageError);

describe("parseCommand", () => {
  it("parses flows with the phone in canonical form", () => {
    expect(parseCommand(["flows", "--phone", "+82 10-1234-5678", "--json"])).toEqual({ name: "flows", phone: "01012345678", json: true, showPhone: false });
  });

  it("refuses a bad or missing phone without echoing it whole", () => {
    usage(["flows"]);
    expect(() => parseCommand(["flows", "--phone", "010-1234-56789999"])).toThrow(/invalid phone number "\*+9999": too long/);
  });

  it("parses flow and cancel with an instance id", () => {
    expect(parseCommand(["flow", "abc_DEF-1"])).toEqual({ name: "flow", id: "abc_DEF-1", json: false, showPhone: false });
    expect(parseCommand(["cancel", "abc", "--reason", "wrong template"])).toEqual({ name: "cancel", id: "abc", reason: "wrong template", json: false });
    usage(["flow"]);
    usage(["flow", "a", "b"]);
    usage(["cancel", "not an id"]);
  });

  it("parses redis accept-loss, which needs a note", () => {
    expect(parseCommand(["redis", "accept-loss", "--note", "restarted without AOF; flows restarted by hand"])).toEqual({ name: "redis-accept-loss", note: "restarted without AOF; flows restarted by hand", json: false });
    usage(["redis", "accept-loss"]);
    usage(["redis", "accept-loss", "--note", " "]);
    usage(["redis", "forget"]);
  });

  it("parses dlq list and replay", () => {
    expect(parseCommand(["dlq", "list", "--code", "UNKNOWN_FLOW", "--limit", "5"])).toEqual({
      name: "dlq-list",
      filter: { code: "UNKNOWN_FLOW" },
      limit: 5,
      json: false,
      showPhone: false,
    });
    expect(parseCommand(["dlq", "list"])).toMatchObject({ limit: 50, filter: {} });
    expect(parseCommand(["dlq", "replay", "3:17"])).toMatchObject({ name: "dlq-replay", target: { id: "3:17" } });
    expect(parseCommand(["dlq", "replay", "--all", "--topic", "flow-start"])).toMatchObject({ target: { all: true }, filter: { topic: "flow-start" } });
    usage(["dlq", "list", "--limit", "0"]);
    usage(["dlq", "replay"]);
    usage(["dlq", "replay", "1", "--all"]);
    usage(["dlq", "replay", "x:1"]);
    usage(["dlq", "purge"]);
  });

  it("parses topics check, help, and refuses the unknown", () => {
    expect(parseCommand(["topics", "check"])).toEqual({ name: "topics-check", json: false });
    expect(parseCommand([])).toEqual({ name: "help" });
    usage(["topics"]);
    usage(["launch"]);
    usage(["flows", "--phone", "01012345678", "--bogus"]);
  });
});
