import type { Dispatch } from "@sunseo/contracts";
import type { DlqRecord } from "@sunseo/dlq";
import type { FlowStateReader } from "@sunseo/flow-state";
import type { OutgoingMessage } from "@sunseo/kafka";
import type { Logger } from "@sunseo/logger";
import type { Audit } from "./audit.js";
import type { HealthReport } from "./health.js";
import type { IndexStore } from "./index/store.js";
import type { PhoneRefs } from "./phone-ref.js";

/** What the pages read and the actions write through: the app itself holds no client. */
export interface AppDeps {
  reader: FlowStateReader;
  index: IndexStore;
  phoneRefs: PhoneRefs;
  audit: Audit;
  logger: Logger;
  /** Produces a flow-cancel; the sequencer applies it in order with the phone's other events. */
  cancelFlow(input: { phone: string; instanceId: string; reason: string }): Promise<void>;
  /** Produces a report-request dispatch: the dispatcher asks the gateway to push the report again. */
  requestReport(dispatch: Extract<Dispatch, { kind: "report-request" }>): Promise<void>;
  /** The dlq topic read from its beginning to its end. */
  readDlq(): Promise<DlqRecord[]>;
  replay(message: OutgoingMessage): Promise<void>;
  /** The alerter's record of each alert per sink, and whether it was folded. */
  alertStates(alertIds: readonly string[]): Promise<{ state(sink: string, alertId: string): "new" | "posting" | "sent"; folded(alertId: string): boolean }>;
  health(): Promise<HealthReport>;
  now(): number;
}

export interface AppSettings {
  auth: "login" | "header";
  authHeader: string;
  users: ReadonlyMap<string, string>;
  sessionSecret: string;
  sessionTtlMs: number;
  secureCookie: boolean;
  topicPrefix: string;
  dlqTopic: string;
  alertSinks: readonly string[];
  /** How far back the failures and alerts pages may look (the index keeps no more). */
  retentionMs: number;
}
