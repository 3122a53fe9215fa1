import { createLogger } from "@sunseo/logger";
import { parseCommand } from "./args.js";
import { createClients } from "./clients.js";
import { loadCliConfig } from "./config.js";
import { formatError, reportOf, wantsJson } from "./error-output.js";
import { helpText } from "./help.js";
import { runCommand } from "./run-command.js";

/** The operator CLI: reads the sequencer's state and the dlq, starts and cancels flows, replays dead letters. */
async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.name === "help") {
    process.stdout.write(`${helpText(command.topic)}\n`);
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

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const report = reportOf(err);
    process.stderr.write(`${formatError(report, wantsJson(argv))}\n`);
    process.exitCode = report.exitCode;
  },
);
