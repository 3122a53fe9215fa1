import { describe, expect, it } from "vitest";
import { DEFAULT_TOPIC_PREFIX, topicName, topics } from "@sunseo/contracts";
import { decodeDlqRecord, dlqEntryView, listEntries, replayPlan, type DlqRecord } from "@sunseo/dlq";
import { renderDlqList, renderReplay, selectForReplay } from "./dlq-view.js";
import { NotFoundError, UsageError } from "./errors.js";
import { dlqEntry, PHONE, T0 } from "./fixtures.test-support.js";

const PREFIX = DEFAULT_TOPIC_PREFIX;
const FLOW_START = topicName(PREFIX, topics.flowStart);
const REPORT = topicName(PREFIX, topics.report);
const record = (partition: number, offset: string, overrides = {}): DlqRecord => ({
  partition,
  offset,
  entry: dlqEntry({ at: T0 + Number(offset), ...overrides }),
});

const records: DlqRecord[] = [
  record(0, "5", { code: "INVALID_JSON", value: "{not json" }),
  record(1, "5", { topic: REPORT, code: "UNKNOWN_REFKEY" }),
  record(0, "2"),
  { partition: 2, offset: "0", problem: "dlq: code: expected string" },
];

describe("decodeDlqRecord", () => {
  it("keeps a record that is not a dlq entry, with the reason", () => {
    expect(decodeDlqRecord(0, "1", Buffer.from(JSON.stringify(dlqEntry())))).toMatchObject({ entry: { code: "UNKNOWN_FLOW" } });
    expect(decodeDlqRecord(0, "2", Buffer.from("nope"))).toMatchObject({ partition: 0, offset: "2", problem: expect.stringContaining("not JSON") });
  });
});

describe("listEntries", () => {
  it("keeps readable records, oldest first, filtered by code and by topic (full or base name)", () => {
    expect(listEntries(records, {}, PREFIX).map((r) => `${r.partition}:${r.offset}`)).toEqual(["0:2", "0:5", "1:5"]);
    expect(listEntries(records, { code: "INVALID_JSON" }, PREFIX)).toHaveLength(1);
    expect(listEntries(records, { topic: topics.report.base }, PREFIX).map((r) => r.entry?.code)).toEqual(["UNKNOWN_REFKEY"]);
    expect(listEntries(records, { topic: FLOW_START }, PREFIX)).toHaveLength(2);
  });

  it("with a limit keeps the newest", () => {
    expect(listEntries(records, {}, PREFIX, 1).map((r) => `${r.partition}:${r.offset}`)).toEqual(["1:5"]);
  });
});

describe("selectForReplay", () => {
  it("finds one record by partition:offset, or by an offset that only one partition has", () => {
    expect(selectForReplay(records, { id: "1:5" }, {}, PREFIX)).toHaveLength(1);
    expect(selectForReplay(records, { id: "2" }, {}, PREFIX)[0]).toMatchObject({ partition: 0, offset: "2" });
  });

  it("refuses an unknown record and an offset found on several partitions", () => {
    expect(() => selectForReplay(records, { id: "9:9" }, {}, PREFIX)).toThrow(NotFoundError);
    expect(() => selectForReplay(records, { id: "5" }, {}, PREFIX)).toThrow(UsageError);
    expect(() => selectForReplay(records, { id: "5" }, {}, PREFIX)).toThrow(/0:5, 1:5/);
  });

  it("with --all takes every record that passes the filter", () => {
    expect(selectForReplay(records, { all: true }, { code: "UNKNOWN_FLOW" }, PREFIX).map((r) => r.offset)).toEqual(["2"]);
  });
});

describe("replayPlan", () => {
  const replayable = new Set([FLOW_START, REPORT]);

  it("produces the original value to the original topic with its key", () => {
    expect(replayPlan(dlqEntry(), replayable)).toEqual({
      ok: true,
      message: { topic: FLOW_START, key: PHONE, value: { flow: "teacher-onbording", phone: PHONE, variables: {} } },
    });
  });

  it("refuses what would fail the same way or land out of order", () => {
    expect(replayPlan(dlqEntry({ value: "{not json" }), replayable)).toEqual({ ok: false, reason: "value is not JSON" });
    expect(replayPlan(dlqEntry({ value: null }), replayable)).toEqual({ ok: false, reason: "no value" });
    expect(replayPlan(dlqEntry({ key: null }), replayable)).toEqual({ ok: false, reason: "no key" });
    expect(replayPlan(dlqEntry({ topic: topicName("other.", topics.flowStart) }), replayable)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("not a sunseo input topic"),
    });
  });
});

describe("dlq output", () => {
  const view = dlqEntryView(record(0, "2") as DlqRecord & { entry: NonNullable<DlqRecord["entry"]> }, false);

  it("masks the key and phones in the reason and value", () => {
    expect(view).toMatchObject({ id: "0:2", source: "3:17", key: "010-****-5678", at: "2025-05-01T10:00:00.002Z" });
    expect(view.value).not.toContain(PHONE);
  });

  it("prints a table, with a note about records it could not read", () => {
    const text = renderDlqList([view], 1, "kst");
    expect(text.split("\n")[0]).toMatch(/^ID\s+AT\s+SERVICE\s+TOPIC\s+SOURCE\s+KEY\s+CODE\s+REASON$/);
    expect(text).toContain(`sequencer  ${FLOW_START}  3:17`);
    expect(text).toMatch(/^0:2\s+2025-05-01T19:00:00\+09:00\s+sequencer\s+\S+\s+3:17\s+010-\*\*\*\*-5678\s+UNKNOWN_FLOW\s+unknown flow/m);
    expect(text).toContain("1 record(s) on the dlq topic do not match its schema");
    expect(renderDlqList([view], 0, "utc")).toMatch(/^0:2\s+2025-05-01T10:00:00Z\s/m);
    expect(renderDlqList([], 0, "kst")).toBe("no dlq records");
  });

  it("summarises a replay", () => {
    const text = renderReplay([
      { id: "0:2", topic: FLOW_START, key: "010-****-5678", code: "UNKNOWN_FLOW", result: "replayed" },
      { id: "0:5", topic: FLOW_START, key: "010-****-5678", code: "INVALID_JSON", result: "skipped: value is not JSON" },
    ]);
    expect(text).toContain("1 of 2 replayed");
    expect(text).toMatch(/0:5.*skipped: value is not JSON/);
  });
});
