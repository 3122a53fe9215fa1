import { z } from "zod";
import { parseDuration } from "@sunseo/config";
import { SMS_MAX_BYTES, euckrByteLength, kakaoButtonRules, kakaoButtonSchema } from "@sunseo/contracts";
import { InvalidPhoneError, normalizePhone } from "@sunseo/phone";
import { placeholderNames, placeholderProblems, withoutPlaceholders } from "./placeholders.js";
import { WEEKDAYS, isTimeZone, secondsOfDay, type SendWindow } from "./send-window.js";
import type { Catalog, FlowDefinition, StepDefinition } from "./types.js";

/**
 * The catalog file's shape, validated with zod. Messages are written for the person who
 * edits the YAML: they say what is wrong and what is accepted; the path of each issue is
 * turned into flows.<name>.steps[<i>].<field> by parse-catalog.
 */

const NAME_RULE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const NAME_HINT = "lowercase letters, digits and -, starting with a letter or digit, at most 64";
const SECOND = 1_000;
const DAY = 86_400_000;
/** Where a window's zone is not given: the senders sunseo is written for are in Korea. */
export const DEFAULT_TIME_ZONE = "Asia/Seoul";

function describeValue(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  // Unquoted, YAML reads 0212345678 as the number 212345678 and true as a boolean: quotes keep them text.
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)} (put it in quotes)`;
  return typeof value;
}

const required = (input: unknown, otherwise: string): string => (input === undefined ? "required" : otherwise);

const text = () => z.string({ error: (iss) => required(iss.input, `must be text, got ${describeValue(iss.input)}`) });

const noPlaceholderProblems = (value: string, ctx: z.RefinementCtx): void => {
  for (const message of placeholderProblems(value)) ctx.addIssue({ code: "custom", message });
};

/** Text that may hold #{var} placeholders, checked for malformed ones. */
const templated = (max: number) =>
  text()
    .min(1, "must not be empty")
    .max(max, { error: (iss) => `at most ${max} characters, got ${(iss.input as string).length}` })
    .superRefine(noPlaceholderProblems);

const noPlaceholder = (value: string, ctx: z.RefinementCtx): void => {
  if (value.includes("#{")) ctx.addIssue({ code: "custom", message: "cannot contain #{...} placeholders" });
};

/** Unknown fields are errors, so a typo (`timout`) is caught instead of silently ignored. */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === "unrecognized_keys") return `unknown field ${iss.keys.map((k) => `"${k}"`).join(", ")} (known: ${known})`;
      if (iss.code === "invalid_type") return required(iss.input, `must be a map of fields, got ${describeValue(iss.input)}`);
      return undefined;
    },
  });
}

/** "10m", "30s", … or a number of milliseconds, within [min, max]. */
function duration(min: number, max: number, range: string) {
  return z
    .union([z.string(), z.number()], { error: (iss) => `must be a duration like 30s or 10m, got ${describeValue(iss.input)}` })
    .transform((value, ctx) => {
      let ms: number;
      try {
        ms = typeof value === "number" ? value : parseDuration(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
      if (!(ms >= min && ms <= max)) {
        ctx.addIssue({ code: "custom", message: `must be ${range}, got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return ms;
    });
}

const urlField = text().max(500, "at most 500 characters").superRefine(noPlaceholderProblems).optional();

// The contract's button fields and Kakao's link rules (WL, AL), with the catalog's wording.
const buttonSchema = strictObject({
  ...kakaoButtonSchema.shape,
  name: text().min(1, "must not be empty").max(28, "a button name has at most 28 characters").superRefine(noPlaceholder),
  url_mobile: urlField,
  url_pc: urlField,
  scheme_ios: urlField,
  scheme_android: urlField,
}).superRefine(kakaoButtonRules);

const fallbackSchema = strictObject({
  type: z.enum(["sms", "lms"], { error: (iss) => required(iss.input, "must be sms or lms") }),
  text: templated(2000),
  subject: text().min(1, "must not be empty").max(60, "at most 60 characters").superRefine(noPlaceholderProblems).optional(),
}).superRefine((fallback, ctx) => {
  if (fallback.type !== "sms") return;
  if (fallback.subject !== undefined) {
    ctx.addIssue({ code: "custom", path: ["subject"], message: "an sms has no subject: remove it or use type: lms" });
  }
  // The variables are not known yet: the fixed part alone must fit; the rendered text is checked again per start.
  const bytes = euckrByteLength(withoutPlaceholders(fallback.text));
  if (bytes > SMS_MAX_BYTES) {
    ctx.addIssue({
      code: "custom",
      path: ["text"],
      message: `an sms holds ${SMS_MAX_BYTES} bytes (EUC-KR) and this text has ${bytes} without its variables: shorten it or use type: lms`,
    });
  }
});

const timeOfDay = () =>
  text().refine((value) => secondsOfDay(value) !== undefined, {
    error: (iss) => `must be a time of day like 08:00 or 20:30:00, got ${JSON.stringify(iss.input)}`,
  });

/** Seconds from `from` to `at` along the window (which may span midnight). */
const along = (from: number, at: number): number => (at - from + 86_400) % 86_400 || 86_400;

const windowSchema = strictObject({
  from: timeOfDay(),
  to: timeOfDay(),
  latestStart: timeOfDay().optional(),
  timezone: text()
    .refine(isTimeZone, { error: (iss) => `unknown time zone ${JSON.stringify(iss.input)} (an IANA name like Asia/Seoul)` })
    .default(DEFAULT_TIME_ZONE),
  days: z
    .array(z.enum(WEEKDAYS, { error: `a day is one of ${WEEKDAYS.join(", ")}` }), { error: "must be a list of days" })
    .min(1, "a window needs at least one day")
    .default([...WEEKDAYS]),
})
  .superRefine((w, ctx) => {
    const from = secondsOfDay(w.from) ?? 0;
    const to = secondsOfDay(w.to) ?? 0;
    if (from === to % 86_400)
      ctx.addIssue({ code: "custom", path: ["to"], message: "must differ from from (a window that never closes is no window: leave it out)" });
    if (w.latestStart === undefined) return;
    const latest = secondsOfDay(w.latestStart) ?? 0;
    if (latest % 86_400 === from || along(from, latest) > along(from, to)) {
      ctx.addIssue({ code: "custom", path: ["latestStart"], message: `must lie after from (${w.from}) and not after to (${w.to})` });
    }
  })
  .transform(({ timezone, days, ...rest }): SendWindow => ({ ...rest, timeZone: timezone, days: WEEKDAYS.filter((d) => days.includes(d)) }));

/** A window, or `none` to drop one the step or flow would otherwise inherit (not a union, so a bad window's own problems are shown). */
const windowField = z.unknown().transform((value, ctx): SendWindow | "none" => {
  if (value === "none") return "none";
  const parsed = windowSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const message =
      issue.path.length === 0 && typeof value !== "object"
        ? `must be a window { from, to, latestStart?, timezone?, days? } or none, got ${describeValue(value)}`
        : issue.message;
    ctx.addIssue({ code: "custom", path: issue.path.filter((p): p is string | number => typeof p !== "symbol"), message });
  }
  return z.NEVER;
});

const stepSchema = strictObject({
  name: text().regex(NAME_RULE, `step name: ${NAME_HINT}`),
  template: text().min(1, "must not be empty").max(30, "a template code has at most 30 characters").superRefine(noPlaceholder),
  text: templated(1000),
  buttons: z.array(buttonSchema, { error: "must be a list of buttons" }).max(5, "at most 5 buttons").optional(),
  await: z.enum(["delivered", "accepted"], { error: "must be delivered or accepted" }).default("delivered"),
  timeout: duration(SECOND, DAY, "between 1s and 24h").default(600_000),
  onTimeout: z.enum(["halt", "continue"], { error: "must be halt or continue" }).default("halt"),
  delay: duration(0, DAY, "between 0s and 24h").default(0),
  fallback: fallbackSchema.optional(),
  /** at: AlimTalk (informational, template-checked); ft: FriendTalk (advertising). */
  type: z.enum(["at", "ft"], { error: "must be at (AlimTalk) or ft (FriendTalk)" }).default("at"),
  window: windowField.optional(),
});

/** Runs even when some steps are invalid (`when`), so a duplicate is listed with the other problems. */
function duplicateStepNames(steps: readonly unknown[], ctx: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  steps.forEach((step, i) => {
    const name = (step as { name?: unknown } | null)?.name;
    if (typeof name !== "string") return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, i);
    else ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate step name "${name}" (also steps[${first}])` });
  });
}

const flowSchema = strictObject({
  lane: z.enum(["recipient", "none"], { error: "must be recipient or none" }).default("recipient"),
  window: windowField.optional(),
  maxStartDelay: duration(SECOND, 30 * DAY, "between 1s and 30d").optional(),
  maxDuration: duration(SECOND, 30 * DAY, "between 1s and 30d").optional(),
  steps: z
    .array(stepSchema, { error: (iss) => required(iss.input, "must be a list of steps") })
    .min(1, "a flow needs at least one step")
    .superRefine(duplicateStepNames, { when: (payload) => Array.isArray(payload.value) }),
});

const senderSchema = text().transform((input, ctx) => {
  try {
    return normalizePhone(input);
  } catch (err) {
    const reason = err instanceof InvalidPhoneError ? err.reason : "invalid";
    ctx.addIssue({ code: "custom", message: `not a sender number: ${reason}` });
    return z.NEVER;
  }
});

const catalogFields = strictObject({
  from: senderSchema,
  senderKey: text().min(1, "must not be empty"),
  /** The window of every flow and step that does not name its own. */
  window: windowSchema.optional(),
  flows: z
    .record(text(), flowSchema, { error: (iss) => required(iss.input, `must be a map of flows, got ${describeValue(iss.input)}`) })
    // Checked here rather than as the record's key schema, so the flows with bad names are validated too.
    .superRefine(
      (flows, ctx) => {
        const names = Object.keys(flows);
        for (const name of names) {
          if (!NAME_RULE.test(name)) ctx.addIssue({ code: "custom", path: [name], message: `flow name: ${NAME_HINT}` });
        }
        if (names.length === 0) ctx.addIssue({ code: "custom", message: "the catalog declares no flows" });
      },
      { when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) },
    ),
});

export const catalogSchema = catalogFields.superRefine(friendTalkHasWindow);

export const FRIENDTALK_WINDOW_RULE =
  "정보통신망법 §50③ requires the recipient's separate prior consent for advertising sent between 21:00 and 08:00, and Kakao's FriendTalk rules may be stricter";

/** FriendTalk is advertising: a step of that type must be held to a window, its own or one it inherits. */
function friendTalkHasWindow(catalog: z.output<typeof catalogFields>, ctx: z.RefinementCtx): void {
  for (const [name, flow] of Object.entries(catalog.flows)) {
    flow.steps.forEach((step, i) => {
      if (step.type !== "ft" || effectiveWindow(catalog.window, flow.window, step.window) !== undefined) return;
      ctx.addIssue({
        code: "custom",
        path: ["flows", name, "steps", i, "window"],
        message: `step "${step.name}" of flow "${name}" is FriendTalk (type: ft, advertising) and has no send window: declare one (window: { from: "08:00", to: "21:00", timezone: Asia/Seoul }) on the step, the flow or the catalog; ${FRIENDTALK_WINDOW_RULE}`,
      });
    });
  }
}

type WindowField = z.output<typeof windowField> | undefined;

/** The step's window, else its flow's, else the catalog's; `none` at any level stops the inheritance. */
function effectiveWindow(catalog: SendWindow | undefined, flow: WindowField, step: WindowField): SendWindow | undefined {
  const chosen = step ?? flow ?? catalog;
  return chosen === "none" ? undefined : chosen;
}

type ParsedCatalog = z.output<typeof catalogSchema>;
type ParsedStep = z.output<typeof stepSchema>;

function toStep({ timeout, delay, buttons, fallback, type, window: _window, ...rest }: ParsedStep, window: SendWindow | undefined): StepDefinition {
  return {
    ...rest,
    channel: type,
    timeoutMs: timeout,
    delayMs: delay,
    ...(buttons ? { buttons } : {}),
    ...(fallback ? { fallback } : {}),
    ...(window ? { window } : {}),
  };
}

function stepVariables(step: StepDefinition): string[] {
  const texts = [step.text, step.fallback?.text, step.fallback?.subject];
  for (const b of step.buttons ?? []) texts.push(b.url_mobile, b.url_pc, b.scheme_ios, b.scheme_android);
  return texts.flatMap((t) => (t === undefined ? [] : placeholderNames(t)));
}

export function toCatalog(parsed: ParsedCatalog): Catalog {
  const flows = new Map<string, FlowDefinition>();
  for (const [name, flow] of Object.entries(parsed.flows)) {
    const steps = flow.steps.map((step) => toStep(step, effectiveWindow(parsed.window, flow.window, step.window)));
    const variables = [...new Set(steps.flatMap(stepVariables))].sort();
    flows.set(name, {
      name,
      lane: flow.lane,
      steps,
      variables,
      ...(flow.maxStartDelay === undefined ? {} : { maxStartDelayMs: flow.maxStartDelay }),
      ...(flow.maxDuration === undefined ? {} : { maxDurationMs: flow.maxDuration }),
    });
  }
  return { from: parsed.from, senderKey: parsed.senderKey, flows };
}
