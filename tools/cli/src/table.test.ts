import { describe, expect, it } from "vitest";
import { displayWidth, formatFields, formatTable, formatTime } from "./table.js";

describe("formatTable", () => {
  it("pads columns to the widest cell and leaves no trailing spaces", () => {
    expect(formatTable(["A", "LONG HEADER"], [["xyz", 1], ["w", "two"]])).toBe(["A    LONG HEADER", "xyz  1", "w    two"].join("\n"));
  });

  it("prints a missing cell as - and keeps an empty one blank", () => {
    expect(formatTable(["A", "B", "C"], [[undefined, "", null]])).toBe(["A  B  C", "-     -"].join("\n"));
  });

  it("counts Korean characters as two columns", () => {
    expect(displayWidth("성공")).toBe(4);
    expect(formatTable(["X", "Y"], [["성공", 1], ["ok", 2]])).toBe(["X     Y", "성공  1", "ok    2"].join("\n"));
  });
});

describe("formatFields", () => {
  it("aligns the values after the labels", () => {
    expect(formatFields([["a", 1], ["longer", undefined]])).toBe(["a:      1", "longer: -"].join("\n"));
  });
});

describe("formatTime", () => {
  it("prints UTC to the second", () => {
    expect(formatTime(Date.UTC(2025, 4, 1, 10, 0, 0, 123))).toBe("2025-05-01T10:00:00Z");
    expect(formatTime(undefined)).toBeUndefined();
  });
});
