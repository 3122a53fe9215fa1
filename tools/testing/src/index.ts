export { testContext, type TestContext } from "./test-context.js";
export { eventually } from "./eventually.js";
export { startServiceProcess, type ServiceProcess } from "./service-process.js";
