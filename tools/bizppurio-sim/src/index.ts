/**
 * The Bizppurio gateway simulator as a library: tests and benchmarks start it in-process
 * (port 0), the demo runs it alone through main.ts.
 */
export { startSimulator, type Simulator, type SimulatorOptions } from "./simulator.js";
export type { ReceivedMessage, RequestLogEntry, PushLogEntry, SimStats, PhoneSummary } from "./state.js";
export { AFTER_TAKE_KINDS, faultConfigSchema, parseFaults, type AfterTakeKind, type FaultConfig, type FaultConfigInput, type FaultRule } from "./faults.js";
export { seededRandom } from "./rng.js";
export { SIMULATOR_MAIN } from "./main-path.js";
