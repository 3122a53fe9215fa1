/**
 * `npm run dev`: every service and the Bizppurio simulator in one terminal, with prefixed
 * coloured logs, restarted on change. `turbo watch build` recompiles a package when its
 * src changes, and the services that depend on it; each service runs under `node --watch`,
 * which restarts it when its dist is rewritten. Ctrl-C stops them all; the shared
 * Kafka and Redis keep running (`npm run infra:down` stops what infra:up started).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { concurrently, type ConcurrentlyCommandInput } from "concurrently";
import { devEnv, type DevService } from "./dev-env.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const turbo = `${root}node_modules/.bin/turbo`;

// In the order a message travels, so the log prefixes read like the path.
// The simulator lives under tools/ (it is never deployed), the rest under services/.
const SERVICES: { service: DevService; dir: string; name: string; color: string }[] = [
  { service: "bizppurio-sim", dir: "tools/bizppurio-sim", name: "sim", color: "magenta" },
  { service: "webhook-ingest", dir: "services/webhook-ingest", name: "ingest", color: "cyan" },
  { service: "sequencer", dir: "services/sequencer", name: "sequencer", color: "green" },
  { service: "dispatcher", dir: "services/dispatcher", name: "dispatcher", color: "yellow" },
  { service: "alerter", dir: "services/alerter", name: "alerter", color: "red" },
];

function run(file: string, args: string[]): void {
  execFileSync(file, args, { cwd: root, stdio: "inherit" });
}

// Everything built once (cached by turbo), then Kafka + Redis up with the topics created.
const filters = SERVICES.map(({ service }) => `--filter=@sunseo/${service}...`);
run(turbo, ["run", "build", "--output-logs=errors-only", "--filter=@sunseo/infra...", ...filters]);
run(process.execPath, ["tools/infra/dist/cli.js", "up"]);

const env = devEnv(root);
const commands: ConcurrentlyCommandInput[] = [
  ...SERVICES.map(({ service, dir, name, color }) => ({
    name,
    prefixColor: color,
    cwd: `${root}${dir}`,
    // Only the service's own dist: turbo watch rebuilds a service whenever a lib it uses
    // changes, so this restarts it once per change (not once per rewritten lib file).
    command: `"${process.execPath}" --watch-path=dist dist/main.js`,
    env: env[service],
  })),
  {
    name: "build",
    prefixColor: "gray",
    cwd: root,
    // The first run finds everything cached; later runs rebuild what changed, deps first.
    command: `"${turbo}" watch build --output-logs=errors-only ${filters.join(" ")}`,
  },
];

// Ctrl-C (concurrently forwards it to every command) is the normal way out, not a failure.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (interrupted = true));

const { result } = concurrently(commands, { prefix: "name", killOthersOn: ["failure"] });
result.then(
  () => process.exit(0),
  () => process.exit(interrupted ? 0 : 1),
);
