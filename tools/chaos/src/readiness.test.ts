import { describe, expect, it } from "vitest";
import { unreadyAfter } from "./readiness.js";

const samples = (states: string) => [...states].map((c, i) => ({ at: i * 100, ready: c === "R" }));

describe("unreadyAfter", () => {
  it("is the first sample of the unready stretch that lasts to the end", () => {
    expect(unreadyAfter(samples("RRRRRUUURRUUUU"), 250)).toEqual({ readyBefore: true, unreadySince: 1_000 });
  });

  it("is undefined when the member ended the observation ready", () => {
    expect(unreadyAfter(samples("RRRUUUURR"), 250)).toEqual({ readyBefore: true });
  });

  it("notes a member that was not ready before the loss", () => {
    expect(unreadyAfter(samples("UUUUUU"), 250)).toEqual({ readyBefore: false, unreadySince: 300 });
  });
});
