import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { coPartitionedAssignment } from "./co-partitioned-assigner.js";

const partitions = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("coPartitionedAssignment", () => {
  it("gives partition p of every topic to the same member", () => {
    const assignment = coPartitionedAssignment(["m2", "m1"], { a: partitions(12), b: partitions(12), c: partitions(12) });
    expect(assignment).toEqual({
      m1: { a: [0, 1, 2, 3, 4, 5], b: [0, 1, 2, 3, 4, 5], c: [0, 1, 2, 3, 4, 5] },
      m2: { a: [6, 7, 8, 9, 10, 11], b: [6, 7, 8, 9, 10, 11], c: [6, 7, 8, 9, 10, 11] },
    });
  });

  it("for any members and co-partitioned topics: every partition once, same owner across topics, balanced", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 1, max: 5 }),
        (members, count, topicCount) => {
          const topics = Object.fromEntries(Array.from({ length: topicCount }, (_, i) => [`t${i}`, partitions(count)]));
          const assignment = coPartitionedAssignment(members, topics);
          for (let p = 0; p < count; p++) {
            const owners = Object.keys(topics).map((topic) => members.filter((m) => assignment[m]![topic]?.includes(p)));
            for (const owner of owners) expect(owner).toHaveLength(1);
            expect(new Set(owners.map((o) => o[0])).size).toBe(1);
          }
          const sizes = members.map((m) => assignment[m]!.t0?.length ?? 0);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
