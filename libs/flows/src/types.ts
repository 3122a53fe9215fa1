import type { Alimtalk, KakaoButton } from "@sunseo/contracts";

/** recipient: flows to one phone run one after another; none: the flow runs beside the others. */
export type Lane = "recipient" | "none";

export interface StepDefinition {
  /** Unique within the flow, [a-z0-9-]. */
  name: string;
  /** Kakao template code. */
  template: string;
  /** With #{var} placeholders. */
  text: string;
  /** Url fields may contain #{var} placeholders too. */
  buttons?: KakaoButton[];
  /** What completes the step: the delivery report (default) or the gateway's acceptance. */
  await: "delivered" | "accepted";
  /** No report by then: re-request it, then time out. Default 10m. */
  timeoutMs: number;
  onTimeout: "halt" | "continue";
  /** Wait after the previous step completed. Default 0. */
  delayMs: number;
  /** Text and subject may contain #{var} placeholders. */
  fallback?: { type: "sms" | "lms"; text: string; subject?: string };
}

export interface FlowDefinition {
  name: string;
  lane: Lane;
  steps: StepDefinition[];
  /** Every #{var} the flow uses, sorted. */
  variables: string[];
}

export interface Catalog {
  /** Canonical sender number (digits only). */
  from: string;
  senderKey: string;
  flows: ReadonlyMap<string, FlowDefinition>;
}

export interface RenderedStep {
  name: string;
  await: "delivered" | "accepted";
  timeoutMs: number;
  onTimeout: "halt" | "continue";
  delayMs: number;
  message: Alimtalk;
}
