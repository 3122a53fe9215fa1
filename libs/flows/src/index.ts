export type { Catalog, FlowDefinition, Lane, RenderedStep, StepDefinition } from "./types.js";
export { CatalogError, InvalidVariablesError, MissingVariablesError, UnknownFlowError } from "./errors.js";
export { loadCatalog, parseCatalog } from "./parse-catalog.js";
export { findFlow, missingVariables, renderFlow } from "./render.js";
export { DEFAULT_TIME_ZONE, FRIENDTALK_WINDOW_RULE } from "./catalog-schema.js";
export { WEEKDAYS, closesAt, describeWindow, isOpen, nextOpening, type SendWindow, type Weekday } from "./send-window.js";
