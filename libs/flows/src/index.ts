export type { Catalog, FlowDefinition, Lane, RenderedStep, StepDefinition } from "./types.js";
export { CatalogError, InvalidVariablesError, MissingVariablesError, UnknownFlowError } from "./errors.js";
export { loadCatalog, parseCatalog } from "./parse-catalog.js";
export { findFlow, missingVariables, renderFlow } from "./render.js";
