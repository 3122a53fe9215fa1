import { describe, expect, it } from "vitest";
import type { FlowStateReader } from "@sunseo/flow-state";
import { NotFoundError } from "../errors.js";
import { failedFlow, PHONE, phoneState, runningFlow } from "../fixtures.test-support.js";
import { findFlow } from "./find-flow.js";

/** The sequencer's Redis as a reader sees it: one phone, its instance index. */
const reader: FlowStateReader = {
  phoneState: async (phone) => (phone === PHONE ? phoneState : undefined),
  phoneOf: async (id) => (Object.hasOwn(phoneState.flows, id) ? PHONE : undefined),
};

describe("findFlow", () => {
  it("finds a flow by instance id, or by a refkey it sent with", async () => {
    await expect(findFlow(reader, failedFlow.id)).resolves.toMatchObject({ phone: PHONE, flow: { id: failedFlow.id }, by: "instance id" });
    await expect(findFlow(reader, "inst-running-0001-0-1")).resolves.toMatchObject({ flow: { id: runningFlow.id }, by: "refkey" });
  });

  it("does not take a refkey-shaped id the flow never sent with", async () => {
    await expect(findFlow(reader, "inst-running-0001-7-1")).rejects.toThrow(NotFoundError);
    await expect(findFlow(reader, "signup-42")).rejects.toThrow(/an idempotency key needs --phone/);
  });

  it("with the phone, finds by any of the three keys, and only own keys", async () => {
    await expect(findFlow(reader, runningFlow.idempotencyKey!, PHONE)).resolves.toMatchObject({ flow: { id: runningFlow.id }, by: "idempotency key" });
    await expect(findFlow(reader, "inst-running-0001-0-1", PHONE)).resolves.toMatchObject({ by: "refkey" });
    await expect(findFlow(reader, failedFlow.id, PHONE)).resolves.toMatchObject({ by: "instance id" });
    await expect(findFlow(reader, "constructor", PHONE)).rejects.toThrow(NotFoundError);
  });

  it("says which phone had no such flow, masked, with phones in the key masked too", async () => {
    await expect(findFlow(reader, "x for 010-9999-8888", "01099998888")).rejects.toThrow(
      'no flow of 010-****-8888 with instance id, refkey or idempotency key "x for 010-****-8888"',
    );
  });
});
