import { spawnSync } from "node:child_process";
import { composeFile, repoRoot } from "./paths.js";

/** The docker client alone is not enough: an engine must answer. */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", timeout: 8_000 });
  return result.status === 0 && result.stdout.trim().length > 0;
}

export function compose(args: string[]): void {
  const result = spawnSync("docker", ["compose", "-f", composeFile, ...args], { cwd: repoRoot, encoding: "utf8", stdio: "inherit", timeout: 600_000 });
  if (result.status !== 0) throw new Error(`docker compose ${args.join(" ")} failed (exit ${result.status})`);
}
