import { z } from "zod";

/**
 * What the simulator gets wrong on purpose. Loaded from a JSON file or env (SIM_FAULTS), or
 * passed to startSimulator; every random draw comes from the seeded PRNG, so a seed replays.
 */
const rate = z.number().min(0).max(1);
const resultCode = z.string().regex(/^\d{4}$/, "a 4-digit RESULT code");

/**
 * How a taken call's answer is lost: an HTML error page from a proxy in front of the gateway,
 * a TCP reset, or no answer until the client gives up.
 */
export const AFTER_TAKE_KINDS = ["502-html", "504-html", "reset", "timeout"] as const;
export type AfterTakeKind = (typeof AFTER_TAKE_KINDS)[number];
export const AFTER_TAKE_PATHS = ["/v3/message", "/v2/report"] as const;
export type AfterTakePath = (typeof AFTER_TAKE_PATHS)[number];

const isRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

export const faultRuleSchema = z.object({
  /** Exact template code, or absent for any. */
  template: z.string().optional(),
  /** A regular expression tested against the canonical phone, e.g. "0000$". */
  phone: z.string().optional(),
  /** Share of matching messages that fail (default all). */
  rate: rate.default(1),
  /** The RESULT of the first channel, e.g. 7308 (bad phone) or 4410 for a plain SMS. */
  result: resultCode,
  /** When the message carried a resend fallback: the fallback channel's RESULT (default its delivered code). */
  fallbackResult: resultCode.optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

export const faultConfigSchema = z.object({
  /** Delay between acceptance and the delivery report: uniform in [minMs, maxMs] per message. */
  delivery: z.object({ minMs: z.number().int().min(0).default(20), maxMs: z.number().int().min(0).default(300) }).prefault({}),
  /** First matching rule wins (a rule whose rate draw misses lets later rules try). */
  rules: z.array(faultRuleSchema).default([]),
  /** Share of reports pushed twice. */
  duplicateRate: rate.default(0),
  /** Share of reports never pushed (still recoverable through /v2/report). */
  dropRate: rate.default(0),
  http: z
    .object({
      /** Share of /v3/message and /v2/report calls answered with errorStatus and a JSON 9000 body. */
      errorRate: rate.default(0),
      errorStatus: z.number().int().min(400).max(599).default(503),
      /** Share answered 502 with an HTML page, as a proxy in front of the gateway would. */
      htmlRate: rate.default(0),
      /** Share answered only after slowMs. */
      slowRate: rate.default(0),
      slowMs: z.number().int().min(0).default(2_000),
      /** Limit these HTTP faults of /v3/message to recipients matching this regular expression. */
      phone: z.string().optional(),
    })
    .prefault({}),
  /**
   * Faults AFTER the gateway took the call: the message is accepted (stored, counted, delivered
   * to the phone) or the report re-push scheduled, and only then is the answer lost. Unlike the
   * `http` faults, these catch a client that resends after an error it cannot tell apart from
   * "nothing was taken".
   */
  afterTake: z
    .object({
      /** Share of taken calls whose answer is replaced by one of `kinds` (drawn uniformly). */
      rate: rate.default(0),
      kinds: z
        .array(z.enum(AFTER_TAKE_KINDS))
        .min(1)
        .default([...AFTER_TAKE_KINDS]),
      /** Which endpoints: /v3/message (default) and/or /v2/report. */
      paths: z.array(z.enum(AFTER_TAKE_PATHS)).min(1).default(["/v3/message"]),
      /** Only calls for recipients matching this regular expression (for /v2/report: the message's). */
      phone: z.string().refine(isRegExp, "a valid regular expression").optional(),
      /** A "timeout" holds the socket this long, then closes it unanswered, so the server can still shut down. */
      holdMs: z.number().int().min(1).default(60_000),
    })
    .prefault({}),
  webhook: z
    .object({
      /** Further attempts after a failed push (non-2xx or no connection). */
      retries: z.number().int().min(0).default(3),
      retryDelayMs: z.number().int().min(0).default(200),
      timeoutMs: z.number().int().min(1).default(5_000),
    })
    .prefault({}),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

export const parseFaults = (input: unknown): FaultConfig => faultConfigSchema.parse(input ?? {});
