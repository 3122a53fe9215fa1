import type { Alimtalk, KakaoButton } from "@sunseo/contracts";
import type { SendWindow } from "./send-window.js";

/** recipient: flows to one phone run one after another; none: the flow runs beside the others. */
export type Lane = "recipient" | "none";

export interface StepDefinition {
  /** Unique within the flow, [a-z0-9-]. */
  name: string;
  /** at: AlimTalk (also when absent); ft: FriendTalk (advertising, always held to a window). */
  channel?: "at" | "ft";
  /** Kakao template code (for FriendTalk, which has none, the label alerts and the CLI show). */
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
  /** When the step may be released: its own window, else its flow's, else the catalog's. */
  window?: SendWindow;
}

export interface FlowDefinition {
  name: string;
  lane: Lane;
  steps: StepDefinition[];
  /** Every #{var} the flow uses, sorted. */
  variables: string[];
  /** A start whose requestedAt is older than this when the sequencer sees it is not started (STALE_START). */
  maxStartDelayMs?: number;
  /** A flow still waiting this long after its (scheduled) start ends expired. */
  maxDurationMs?: number;
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
  window?: SendWindow;
  message: Alimtalk;
}
