import { z } from "zod";
import { checkKafkaSecurity, durationEnv, httpEnv, intEnv, kafkaEnv, listEnv, loadConfig, logEnv, redisEnv } from "@sunseo/config";
import { parseUsers } from "./auth/users.js";

/** name=url pairs, comma-separated: the services whose /readyz and /metrics the health page reads. */
const servicesEnv = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const services: { name: string; url: string }[] = [];
    for (const item of text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const match = /^([a-z0-9-]+)=(https?:\/\/\S+)$/.exec(item);
      if (match === null) {
        ctx.addIssue({ code: "custom", message: `"${item}" is not name=http(s)://host:port` });
        return z.NEVER;
      }
      services.push({ name: match[1]!, url: match[2]!.replace(/\/$/, "") });
    }
    return services;
  });

export const configSchema = z
  .object({
    ...logEnv,
    ...kafkaEnv,
    ...redisEnv,
    ...httpEnv(8090),
    /** /healthz, /readyz and /metrics of the console itself. */
    OPS_PORT: intEnv(9106, { min: 0, max: 65535 }),
    /** login: users of CONSOLE_USERS sign in with a password; header: an ingress that authenticated them names them in CONSOLE_AUTH_HEADER. */
    CONSOLE_AUTH: z.enum(["login", "header"]).default("login"),
    /** user:scrypt-hash pairs, comma-separated (`npm run console:hash-password` makes a hash). */
    CONSOLE_USERS: z
      .string()
      .default("")
      .transform((text, ctx) => {
        try {
          return parseUsers(text);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
          return z.NEVER;
        }
      }),
    /** Only with CONSOLE_AUTH=header: the header the ingress sets to the signed-in user (and strips from clients). */
    CONSOLE_AUTH_HEADER: z.string().min(1).default("x-forwarded-user"),
    /** Signs session cookies and CSRF tokens; at least 32 characters. */
    CONSOLE_SESSION_SECRET: z.string().min(32, "at least 32 characters"),
    CONSOLE_SESSION_TTL: durationEnv("12h"),
    /** Set when the console is served over https, so the session cookie is never sent in clear. */
    CONSOLE_SECURE_COOKIE: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
    /** The console's own consumer group on flow-event, dispatch-result and alert (its indexes). */
    CONSOLE_GROUP_ID: z.string().min(1).default("sunseo-console"),
    /** How long failures, alerts and messagekey/idempotency lookups stay in the console's index. */
    CONSOLE_RETENTION: durationEnv("7d"),
    /** name=url of each service's ops port, for the health page. */
    CONSOLE_SERVICES: servicesEnv,
    /** The consumer groups whose lag the health page shows. */
    CONSOLE_LAG_GROUPS: listEnv,
  })
  .superRefine((config, ctx) => {
    checkKafkaSecurity(config, ctx);
    if (config.CONSOLE_AUTH === "login" && config.CONSOLE_USERS.size === 0) {
      ctx.addIssue({ code: "custom", path: ["CONSOLE_USERS"], message: "CONSOLE_AUTH=login needs at least one user:hash" });
    }
  });
export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: Record<string, string | undefined> = process.env): Config => loadConfig(configSchema, env);
