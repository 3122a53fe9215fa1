import { describe, expect, it } from "vitest";
import { parseCommand } from "./args.js";
import { UsageError } from "./errors.js";

const usage = (argv: string[]) => expect(() => parseCommand(argv)).toThrow(UsageError);
const kst = { json: false, showPhone: false, timeZone: "kst" } as const;

describe("parseCommand", () => {
  it("parses flows with the phone in canonical form", () => {
    expect(parseCommand(["flows", "--phone", "+82 10-1234-5678", "--json"])).toEqual({
      name: "flows",
      phone: "01012345678",
      json: true,
      showPhone: false,
      timeZone: "kst",
    });
    expect(parseCommand(["flows", "--phone", "01012345678", "--utc"])).toMatchObject({ timeZone: "utc" });
  });

  it("refuses a bad or missing phone without echoing it whole", () => {
    usage(["flows"]);
    expect(() => parseCommand(["flows", "--phone", "010-1234-56789999"])).toThrow(/invalid phone number "\*+9999": too long/);
  });

  it("parses flow and cancel with an instance id", () => {
    expect(parseCommand(["flow", "abc_DEF-1"])).toEqual({ name: "flow", key: "abc_DEF-1", ...kst });
    expect(parseCommand(["cancel", "abc", "--reason", "wrong template"])).toEqual({ name: "cancel", id: "abc", reason: "wrong template", json: false });
    usage(["flow"]);
    usage(["flow", "a", "b"]);
    usage(["cancel", "not an id"]);
  });

  it("parses redis accept-loss, which needs a note", () => {
    expect(parseCommand(["redis", "accept-loss", "--note", "restarted without AOF; flows restarted by hand"])).toEqual({
      name: "redis-accept-loss",
      note: "restarted without AOF; flows restarted by hand",
      json: false,
    });
    usage(["redis", "accept-loss"]);
    usage(["redis", "accept-loss", "--note", " "]);
    usage(["redis", "forget"]);
  });

  it("parses dlq list and replay", () => {
    expect(parseCommand(["dlq", "list", "--code", "UNKNOWN_FLOW", "--limit", "5"])).toEqual({
      name: "dlq-list",
      filter: { code: "UNKNOWN_FLOW" },
      limit: 5,
      ...kst,
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

  it("parses topics check and refuses the unknown", () => {
    expect(parseCommand(["topics", "check"])).toEqual({ name: "topics-check", json: false });
    usage(["topics"]);
    usage(["launch"]);
  });

  it("names an unknown option and points at the command's help", () => {
    expect(() => parseCommand(["flows", "--phone", "01012345678", "--bogus"])).toThrow('unknown option --bogus; run "sunseo flows --help"');
    expect(() => parseCommand(["dlq", "list", "--limit"])).toThrow(/--limit.*run "sunseo dlq --help"/);
  });

  it("asks for help in every form, for every command", () => {
    for (const argv of [[], ["help"], ["--help"], ["-h"]]) expect(parseCommand(argv)).toEqual({ name: "help" });
    for (const topic of ["flows", "flow", "start", "cancel", "dlq", "topics", "redis"]) {
      expect(parseCommand([topic, "--help"])).toEqual({ name: "help", topic });
      expect(parseCommand(["help", topic])).toEqual({ name: "help", topic });
    }
    // Help wins over what would not parse, but not after "--", where it is an argument.
    expect(parseCommand(["dlq", "replay", "--bogus", "-h"])).toEqual({ name: "help", topic: "dlq" });
    usage(["topics", "--", "--help"]);
    usage(["help", "launch"]);
  });

  it("finds a flow by refkey without a phone, and by idempotency key only with one", () => {
    expect(parseCommand(["flow", "abc-0-1", "--utc"])).toEqual({ name: "flow", key: "abc-0-1", ...kst, timeZone: "utc" });
    expect(parseCommand(["flow", "signup 42", "--phone", "010-1234-5678"])).toEqual({ name: "flow", key: "signup 42", phone: "01012345678", ...kst });
    expect(() => parseCommand(["flow", "signup 42"])).toThrow(/an idempotency key needs --phone/);
    usage(["flow", "x".repeat(129), "--phone", "01012345678"]);
  });

  it("parses start with repeated variables, leaving the phone to the flow client", () => {
    expect(
      parseCommand([
        "start",
        "teacher-onboarding",
        "--phone",
        "010-1234-5678",
        "--var",
        "name=김민수",
        "--var",
        "url=https://x.kr/?a=b",
        "--idempotency-key",
        "signup-42",
      ]),
    ).toEqual({
      name: "start",
      flow: "teacher-onboarding",
      phone: "010-1234-5678",
      variables: { name: "김민수", url: "https://x.kr/?a=b" },
      idempotencyKey: "signup-42",
      waitMs: 10_000,
      ...kst,
    });
    expect(parseCommand(["start", "f", "--phone", "p", "--wait", "0.5", "--var", "empty="])).toMatchObject({ variables: { empty: "" }, waitMs: 500 });
    expect(parseCommand(["start", "f", "--phone", "p", "--start-at", "2026-12-01T08:00:00+09:00"])).toMatchObject({ startAt: "2026-12-01T08:00:00+09:00" });
    usage(["start", "f"]);
    usage(["start", "--phone", "01012345678"]);
    usage(["start", "f", "--phone", "p", "--var", "novalue"]);
    usage(["start", "f", "--phone", "p", "--var", "=x"]);
    expect(() => parseCommand(["start", "f", "--phone", "p", "--var", "a=1", "--var", "a=2"])).toThrow("--var a given twice");
    usage(["start", "f", "--phone", "p", "--wait", "-1"]);
    usage(["start", "f", "--phone", "p", "--wait", "soon"]);
  });
});
