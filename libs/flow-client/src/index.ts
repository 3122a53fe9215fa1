export { createFlowClient, createFlowClientFor, type FlowClient, type FlowClientOptions, type StartedFlow } from "./flow-client.js";
export type { CancelFlowInput, StartFlowInput } from "./requests.js";
export { FlowStartFailedError, InvalidRequestError } from "./errors.js";
// What a service outside this repository needs to check starts against its catalog before
// producing (the `catalog` option), and to tell the errors that check throws apart.
export { CatalogError, InvalidVariablesError, MissingVariablesError, UnknownFlowError, loadCatalog, parseCatalog, type Catalog } from "@sunseo/flows";
