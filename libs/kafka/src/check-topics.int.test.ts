import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContext, type TestContext } from "@sunseo/testing";
import { checkTopics, TopicCheckError } from "./check-topics.js";
import { ensureTopics } from "./ensure-topics.js";

describe("checkTopics (the start-up check)", () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await testContext("check-topics");
  });
  afterAll(() => ctx.cleanup());

  it("accepts co-partitioned topics", async () => {
    const names = await ctx.createTopics(["a", "b"], 6);
    await expect(checkTopics(ctx.admin, names)).resolves.toEqual({ [names[0]!]: 6, [names[1]!]: 6 });
  });

  it("refuses topics with different partition counts, naming each count", async () => {
    const [twelve] = await ctx.createTopics(["twelve"], 12);
    const [four] = await ctx.createTopics(["four"], 4);
    const error = await checkTopics(ctx.admin, [twelve!, four!]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopicCheckError);
    expect((error as Error).message).toContain("equal partition counts");
    expect((error as TopicCheckError).partitionCounts).toEqual({ [twelve!]: 12, [four!]: 4 });
  });

  it("refuses missing topics", async () => {
    const [present] = await ctx.createTopics(["present"], 3);
    const missing = `${ctx.topicPrefix}never-created`;
    await expect(checkTopics(ctx.admin, [present!, missing])).rejects.toThrow(`missing topics: ${missing}`);
  });

  it("ensureTopics creates only what is missing", async () => {
    const [existing] = await ctx.createTopics(["existing"], 2);
    const fresh = `${ctx.topicPrefix}fresh`;
    const result = await ensureTopics(ctx.admin, [existing!, fresh], { partitions: 2 });
    expect(result).toEqual({ created: [fresh], existing: [existing] });
    await ctx.admin.deleteTopics({ topics: [fresh] });
  });
});
