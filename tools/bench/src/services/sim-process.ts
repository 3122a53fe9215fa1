import { type ChildProcess, spawn } from "node:child_process";
import { SIMULATOR_MAIN } from "@sunseo/bizppurio-sim";

export const SIM_ACCOUNT = { account: "bench", password: "bench-pw" };

/** The simulator in a process of its own, as deployed beside the services; resolves once it answers /healthz. */
export async function startSimProcess(port: number): Promise<{ url: string; child: ChildProcess }> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [SIMULATOR_MAIN], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", SIM_ACCOUNT: SIM_ACCOUNT.account, SIM_PASSWORD: SIM_ACCOUNT.password },
    stdio: "inherit",
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("simulator did not start");
}
