import { describe, expect, it } from "vitest";
import { displayWidth, formatFields, formatTable, formatTime } from "./table.js";

describe("formatTable", () => {
  it("pads columns to the widest cell and leaves no trailing spaces", () => {
    expect(
      formatTable(
        ["A", "LONG HEADER"],
        [
          ["xyz", 1],
          ["w", "two"],
        ],
      ),
    ).toBe(["A    LONG HEADER", "xyz  1", "w    two"].join("\n"));
  });

  it("prints a missing cell as - and keeps an empty one blank", () => {
    expect(formatTable(["A", "B", "C"], [[undefined, "", null]])).toBe(["A  B  C", "-     -"].join("\n"));
  });

  it("counts Korean characters as two columns", () => {
    expect(displayWidth("성공")).toBe(4);
    expect(
      formatTable(
        ["X", "Y"],
        [
          ["성공", 1],
          ["ok", 2],
        ],
      ),
    ).toBe(["X     Y", "성공  1", "ok    2"].join("\n"));
  });
});

describe("formatFields", () => {
  it("aligns the values after the labels", () => {
    expect(
      formatFields([
        ["a", 1],
        ["longer", undefined],
      ]),
    ).toBe(["a:      1", "longer: -"].join("\n"));
  });
});

describe("formatTime", () => {
  it("prints KST (+09:00) to the second, across the date line", () => {
    expect(formatTime(Date.UTC(2025, 4, 1, 10, 0, 0, 123), "kst")).toBe("2025-05-01T19:00:00+09:00");
    expect(formatTime(Date.UTC(2025, 11, 31, 15, 30, 0), "kst")).toBe("2026-01-01T00:30:00+09:00");
  });

  it("prints UTC to the second when asked", () => {
    expect(formatTime(Date.UTC(2025, 4, 1, 10, 0, 0, 123), "utc")).toBe("2025-05-01T10:00:00Z");
  });

  it("leaves a missing time missing", () => {
    expect(formatTime(undefined, "kst")).toBeUndefined();
  });
});
