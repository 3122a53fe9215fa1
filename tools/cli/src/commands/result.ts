/** What a command hands back to main: the text for stdout and the exit code. */
export interface CommandResult {
  output: string;
  exitCode: 0 | 1;
}

export const ok = (output: string): CommandResult => ({ output, exitCode: 0 });

export const asJson = (value: unknown): string => JSON.stringify(value, null, 2);
