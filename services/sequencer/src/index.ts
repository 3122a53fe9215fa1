export { startSequencer, type Sequencer, type SequencerOptions } from "./sequencer.js";
export { sequencerKeys } from "./store/keys.js";
export type { PhoneState, FlowState, StepRecord, FlowStatus } from "./machine/state.js";
