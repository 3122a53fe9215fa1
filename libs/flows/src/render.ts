import { SMS_MAX_BYTES, alimtalkSchema, euckrByteLength, type Alimtalk, type KakaoButton } from "@sunseo/contracts";
import { InvalidVariablesError, MissingVariablesError, UnknownFlowError } from "./errors.js";
import { containsPlaceholder, fillPlaceholders } from "./placeholders.js";
import type { Catalog, FlowDefinition, RenderedStep, StepDefinition } from "./types.js";

/** The flow of that name; throws UnknownFlowError (naming the known flows) when there is none. */
export function findFlow(catalog: Catalog, name: string): FlowDefinition {
  const flow = catalog.flows.get(name);
  if (flow === undefined) throw new UnknownFlowError(name, [...catalog.flows.keys()]);
  return flow;
}

/** The placeholders of the flow that have no value (an empty string is a value). */
export function missingVariables(flow: FlowDefinition, variables: Record<string, string>): string[] {
  return flow.variables.filter((name) => !Object.hasOwn(variables, name));
}

/**
 * Renders every step of a flow up front, so a flow with bad input is refused before its
 * first message goes out, never halfway. The result holds no #{...}: every placeholder is
 * filled and no value may bring one in.
 */
export function renderFlow(catalog: Catalog, flow: FlowDefinition, variables: Record<string, string>): RenderedStep[] {
  const missing = missingVariables(flow, variables);
  if (missing.length > 0) throw new MissingVariablesError(flow.name, missing);

  const smuggled = flow.variables.filter((name) => containsPlaceholder(variables[name] ?? ""));
  if (smuggled.length > 0) {
    throw new InvalidVariablesError(
      flow.name,
      smuggled.map((name) => `variables.${name}: must not contain "#{"`),
    );
  }

  const steps = flow.steps.map((step) => renderStep(catalog, step, variables));
  const problems = steps.flatMap((step, i) => messageProblems(step.message).map((p) => `steps[${i}] (${step.name}) ${p}`));
  if (problems.length > 0) throw new InvalidVariablesError(flow.name, problems);
  return steps;
}

function renderStep(catalog: Catalog, step: StepDefinition, variables: Record<string, string>): RenderedStep {
  const fill = (text: string) => fillPlaceholders(text, variables);
  const message: Alimtalk = {
    from: catalog.from,
    senderKey: catalog.senderKey,
    templateCode: step.template,
    ...(step.channel === "ft" ? { channel: "ft" as const } : {}),
    text: fill(step.text),
    ...(step.buttons ? { buttons: step.buttons.map((b) => renderButton(b, fill)) } : {}),
    ...(step.fallback
      ? {
          fallback: {
            type: step.fallback.type,
            text: fill(step.fallback.text),
            ...(step.fallback.subject !== undefined ? { subject: fill(step.fallback.subject) } : {}),
          },
        }
      : {}),
  };
  return {
    name: step.name,
    await: step.await,
    timeoutMs: step.timeoutMs,
    onTimeout: step.onTimeout,
    delayMs: step.delayMs,
    ...(step.window ? { window: step.window } : {}),
    message,
  };
}

function renderButton(button: KakaoButton, fill: (text: string) => string): KakaoButton {
  const rendered: KakaoButton = { ...button };
  for (const field of ["url_mobile", "url_pc", "scheme_ios", "scheme_android"] as const) {
    const value = button[field];
    if (value !== undefined) rendered[field] = fill(value);
  }
  return rendered;
}

/** Limits that only the rendered text can break (long values): the same schema the dispatcher trusts. */
function messageProblems(message: Alimtalk): string[] {
  const result = alimtalkSchema.safeParse(message);
  const problems = result.success ? [] : result.error.issues.map((i) => `message.${i.path.join(".")}: ${i.message}`);
  if (message.fallback?.type === "sms") {
    const bytes = euckrByteLength(message.fallback.text);
    if (bytes > SMS_MAX_BYTES) problems.push(`message.fallback.text: ${bytes} bytes (EUC-KR), an sms holds ${SMS_MAX_BYTES}`);
  }
  return problems;
}
