export type { PhoneState, FlowState, StepRecord, RefkeyEntry, FlowStatus, SendStatus } from "./state.js";
export { TERMINAL, emptyPhoneState } from "./state.js";
export { sequencerKeys, type SequencerKeys } from "./keys.js";
export { parsePhoneState, createFlowStateReader, type FlowStateReader } from "./read.js";
export { refkeyFor, instanceIdOfRefkey } from "./refkey.js";
