export { runDemo, type DemoOptions, type DemoResult, type SideResult } from "./run-demo.js";
export { planLoad, type PlannedStart } from "./plan.js";
export { judgePhones, type Delivered, type PhoneVerdict } from "./verdict.js";
export { summaryTable } from "./table.js";
