import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { instanceIdSchema } from "./fields.js";
import { instanceIdFor, keyedStartInstanceId } from "./instance-id.js";

describe("instance ids", () => {
  it("stay what they were: flows already running keep their refkeys across an upgrade", () => {
    expect(keyedStartInstanceId("01012345678", "sign-up", "order-42")).toBe("jIP4pJ5WCMxNpq6ii5P4");
  });

  it("name a keyed start by (phone, flow, key) in that order, each part kept apart", () => {
    expect(keyedStartInstanceId("01012345678", "sign-up", "order-42")).toBe(instanceIdFor(["01012345678", "sign-up", "order-42"]));
    expect(keyedStartInstanceId("01012345678", "sign-up", "a-b")).not.toBe(keyedStartInstanceId("01012345678", "sign-up-a", "b"));
  });

  it("are 20 characters a refkey can carry", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (parts) => {
        const id = instanceIdFor(parts);
        expect(id).toHaveLength(20);
        expect(instanceIdSchema.safeParse(id).success).toBe(true);
      }),
    );
  });
});
