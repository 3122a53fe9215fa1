import { fileURLToPath } from "node:url";

/** The repository root (this file runs from tools/bench/dist/): where docs/ and the services' builds are. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
