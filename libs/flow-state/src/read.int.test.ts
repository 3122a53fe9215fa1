import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContext, type TestContext } from "@sunseo/testing";
import { sequencerKeys } from "./keys.js";
import { createFlowStateReader } from "./read.js";
import { emptyPhoneState, type PhoneState } from "./state.js";

const PHONE = "01012345678";

describe("createFlowStateReader on a real Redis", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await testContext("flow-state");
  });
  afterAll(() => ctx.cleanup());

  it("reads the document and the instance index where the sequencer writes them", async () => {
    const keys = sequencerKeys(ctx.redisPrefix);
    const state: PhoneState = { ...emptyPhoneState(), active: "i-1", idempotency: { "signup-7": "i-1" } };
    // The fields savePhone-3.lua writes: the version, the document and the applied offsets.
    await ctx.redis.hset(keys.state(PHONE), { v: "1", doc: JSON.stringify(state), off: "{}" });
    await ctx.redis.set(keys.instance("i-1"), PHONE);

    const reader = createFlowStateReader(ctx.redis, ctx.redisPrefix);
    expect(await reader.phoneState(PHONE)).toEqual(state);
    expect(await reader.phoneOf("i-1")).toBe(PHONE);
  });

  it("answers undefined for a phone or an instance it has never seen", async () => {
    const reader = createFlowStateReader(ctx.redis, ctx.redisPrefix);
    expect(await reader.phoneState("01099998888")).toBeUndefined();
    expect(await reader.phoneOf("never-started")).toBeUndefined();
  });
});
