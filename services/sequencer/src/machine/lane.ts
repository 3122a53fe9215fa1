import type { SendStatus, StepRecord } from "@sunseo/flow-state";

/** Nothing more will be heard of these sends (or nothing more is waited for). */
const RESOLVED: ReadonlySet<SendStatus> = new Set(["none", "reported", "rejected", "abandoned", "given-up"]);

/** A flow that ended lets go of the recipient lane only once every one of its steps is resolved. */
export const isResolved = (record: StepRecord): boolean => RESOLVED.has(record.send);
