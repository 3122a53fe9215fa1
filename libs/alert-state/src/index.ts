export { alerterKeys } from "./keys.js";
export { POSTING, readAlertStates, type AlertStates, type SinkState } from "./read.js";
