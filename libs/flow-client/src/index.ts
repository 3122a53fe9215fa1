export { createFlowClient, createFlowClientFor, type FlowClient, type FlowClientOptions, type StartedFlow } from "./flow-client.js";
export type { CancelFlowInput, StartFlowInput } from "./requests.js";
export { FlowStartFailedError, InvalidRequestError } from "./errors.js";
