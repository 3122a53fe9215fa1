export { writeBenchSection } from "./report.js";
export { median, percentile } from "./stats.js";
