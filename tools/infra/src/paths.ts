import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** tools/infra/dist/*.js -> the repository root; everything infra keeps lives in its git-ignored .local/. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const localDir = join(repoRoot, ".local");
export const stateFile = join(localDir, "infra.json");
export const composeFile = join(repoRoot, "docker-compose.yml");
