export { createSequencer, type Sequencer, type SequencerDeps } from "./sequencer.js";
export { createSequencerMetrics, type SequencerMetrics } from "./metrics.js";
export { readConfig, type SequencerConfig } from "./config.js";
