import { ConfigError } from "@sunseo/config";
import { createLogger } from "@sunseo/logger";
import { parseCommand, USAGE } from "./args.js";
import { createClients } from "./clients.js";
import { loadCliConfig } from "./config.js";
import { CliError } from "./errors.js";
import { runCommand } from "./run-command.js";

/** The operator CLI: reads the sequencer's state and the dlq, asks for cancels and replays. */
async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.name === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadCliConfig();
  // Logs go to stderr: stdout is the command's output (tables or JSON for scripts).
  const logger = createLogger({ name: "sunseo-cli", level: config.LOG_LEVEL, destination: process.stderr });
  const clients = createClients(config, logger);
  try {
    const { output, exitCode } = await runCommand(command, clients);
    process.stdout.write(`${output}\n`);
    return exitCode;
  } finally {
    await clients.close();
  }
}

/** One line on stderr; 2 for a command line or configuration the CLI cannot use, 1 otherwise. */
function fail(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`sunseo: invalid configuration: ${err.problems.join("; ")}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  const source = err instanceof Error && err.name.startsWith("KafkaJS") ? "kafka: " : "";
  process.stderr.write(`sunseo: ${source}${message.replace(/\s*\n\s*/g, " ")}\n`);
  return err instanceof CliError ? err.exitCode : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = fail(err);
  },
);
