import { fileURLToPath } from "node:url";

/**
 * The built entry point (dist/main.js), for whoever runs the simulator as its own process
 * (demo, chaos, benchmarks): they ask the package instead of spelling where it lives.
 */
export const SIMULATOR_MAIN = fileURLToPath(new URL("./main.js", import.meta.url));
