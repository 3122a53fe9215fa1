export { runDemo, type DemoOptions, type DemoResult, type SideResult } from "./run-demo.js";
export { planLoad, type PlannedStart } from "./plan.js";
export { judgePhones, type Delivered, type PhoneVerdict } from "./verdict.js";
export { summaryTable } from "./table.js";
export { demoCatalog, laneByTemplate } from "./catalog.js";
export { DEMO_FAULTS } from "./faults.js";
export { simulatorIdle } from "./phones.js";
export { CONSOLE_USER, SIM_ACCOUNT, SIM_PASSWORD, startStack, type ConsoleLogin, type Stack, type StackOptions } from "./stack.js";
export { stepGaps, deliveriesPerSecond, type AckedPush, type GatewayRequest } from "./step-gaps.js";
