/**
 * Runs a service's main(); a failure at boot (bad config, topics missing, broker down)
 * is printed and exits non-zero so the supervisor restarts the service and counts it.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fatal: ${message}\n`);
    process.exit(1);
  });
}
