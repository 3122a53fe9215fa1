export type { PhoneState, FlowState, StepRecord, RefkeyEntry, FlowStatus, SendStatus } from "./state.js";
export { TERMINAL, emptyPhoneState } from "./state.js";
export { sequencerKeys, type SequencerKeys } from "./keys.js";
export { parsePhoneState, createFlowStateReader, type FlowStateReader } from "./read.js";
export { refkeyFor, instanceIdOfRefkey } from "./refkey.js";
export { flowView, phoneFlowViews, type FlowView, type StepView, type StepStateView, type ResultView, type ViewOptions } from "./view.js";
export { findFlow, findFlowById, FlowNotFoundError, type FoundFlow, type FoundBy } from "./find.js";
