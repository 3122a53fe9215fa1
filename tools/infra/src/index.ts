export { up, down, status, type UpResult } from "./infra.js";
export { provisionTopics } from "./topics.js";
export type { InfraState } from "./state.js";
