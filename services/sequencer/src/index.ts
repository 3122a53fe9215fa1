export { startSequencer, type Sequencer, type SequencerOptions } from "./sequencer.js";
