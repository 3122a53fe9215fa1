import { describe, expect, it } from "vitest";
import { createBurstFolder } from "./burst.js";

describe("createBurstFolder", () => {
  it("sends up to the limit per sliding window and folds the rest", () => {
    const folder = createBurstFolder<number>({ limit: 2, windowMs: 60_000 });
    expect([1, 2, 3, 4].map((n) => folder.admit(n, 1_000))).toEqual(["send", "send", "fold", "fold"]);
    expect(folder.takeFolded()).toEqual([3, 4]);
    expect(folder.takeFolded()).toEqual([]);
  });

  it("lets alerts through again once the window has passed", () => {
    const folder = createBurstFolder<number>({ limit: 1, windowMs: 60_000 });
    expect(folder.admit(1, 0)).toBe("send");
    expect(folder.admit(2, 59_999)).toBe("fold");
    expect(folder.admit(3, 60_000)).toBe("send");
  });

  it("folds a redelivered item without letting it use up the window", () => {
    const folder = createBurstFolder<number>({ limit: 1, windowMs: 60_000 });
    folder.fold(1);
    expect(folder.admit(2, 0)).toBe("send");
    expect(folder.takeFolded()).toEqual([1]);
  });
});
