import type { z } from "zod";

/** Thrown at boot when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Validates the environment against a schema whose keys are variable names.
 * Every problem is listed at once, so an operator fixes a deployment in one go.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const got = typeof issue.path[0] === "string" ? env[issue.path[0]] : undefined;
    return got === undefined ? `${name}: ${issue.message}` : `${name}: ${issue.message} (got "${preview(name, got)}")`;
  });
  throw new ConfigError(problems);
}

function preview(name: string, value: string): string {
  if (/SECRET|PASSWORD|TOKEN|KEY/i.test(name)) return "***";
  // A URL may carry credentials (REDIS_URL): never echo them.
  const shown = value.replace(/\/\/[^@/]*@/, "//***@").replace(/(password=)[^&#]*/gi, "$1***");
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}
