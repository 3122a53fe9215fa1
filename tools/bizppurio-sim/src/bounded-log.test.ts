import { describe, expect, it } from "vitest";
import { BoundedLog } from "./bounded-log.js";

describe("bounded log", () => {
  it("drops the oldest half beyond its bound and answers since() by number", () => {
    const log = new BoundedLog<{ seq: number; n: number }>(4);
    for (let n = 1; n <= 5; n++) log.append({ n });
    expect(log.since().map((e) => e.seq)).toEqual([4, 5]);
    expect(log.since(1).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.since(4).map((e) => e.seq)).toEqual([5]);
    expect(log.since(5)).toEqual([]);
  });

  it("keeps numbering across clear(), so a poller never sees an old number again", () => {
    const log = new BoundedLog<{ seq: number }>(10);
    log.append({});
    log.clear();
    log.append({});
    expect(log.since()).toEqual([{ seq: 2 }]);
    expect(log.since(1)).toEqual([{ seq: 2 }]);
  });
});
