import type { BizppurioReport } from "@sunseo/contracts";
import { BoundedLog } from "./bounded-log.js";
import type { AfterTakeKind } from "./faults.js";
import type { ValidMessage } from "./validate.js";

/**
 * What the simulator remembers: accepted messages, what each phone received, the raw request
 * log, and the report pushes the webhook acknowledged.
 */

export interface ReceivedMessage {
  /** Position in the phone's delivery order (1-based). */
  seq: number;
  refkey: string;
  messagekey: string;
  type: string;
  media: string;
  templateCode?: string;
  text: string;
  result: string;
  deliveredAt: number;
}

export interface RequestLogEntry {
  seq: number;
  at: number;
  method: string;
  path: string;
  status: number;
  /** The gateway's answer code, when it answered JSON. */
  code?: number;
  refkey?: string;
  to?: string;
  type?: string;
  templateCode?: string;
  messagekey?: string;
  /**
   * Set when the call was taken (status and code are the gateway's answer) but the client got
   * this instead: an HTML error page, a reset, or no answer.
   */
  afterTake?: AfterTakeKind;
}

/** A report push the webhook answered 2xx: what a fault campaign expects to find downstream. */
export interface PushLogEntry {
  seq: number;
  refkey: string;
  messagekey: string;
  phone: string;
  result: string;
  /** When the 2xx answer arrived. */
  at: number;
  /** The attempt the webhook acknowledged: 1 is the first try, more after retries. */
  attempt: number;
  /** The second push of a report the gateway pushes twice on purpose (`duplicateRate`). */
  duplicate?: true;
  /** A push asked for again through /v2/report. */
  requested?: true;
}

export interface SimStats {
  requests: number;
  tokensIssued: number;
  accepted: number;
  rejected: number;
  delivered: number;
  failed: number;
  pushes: number;
  pushAttempts: number;
  pushFailures: number;
  droppedPushes: number;
  duplicatePushes: number;
  reportRequests: number;
  /** Calls taken whose answer was then lost (`afterTake` faults). */
  afterTakeFaults: number;
}

export interface PhoneSummary {
  phone: string;
  received: number;
  failed: number;
}

export interface StoredMessage {
  message: ValidMessage;
  messagekey: string;
  acceptedAt: number;
  /** Set once the delivery happened; /v2/report can push it again from then on. */
  report?: BizppurioReport;
}

const emptyStats = (): SimStats => ({
  requests: 0,
  tokensIssued: 0,
  accepted: 0,
  rejected: 0,
  delivered: 0,
  failed: 0,
  pushes: 0,
  pushAttempts: 0,
  pushFailures: 0,
  droppedPushes: 0,
  duplicatePushes: 0,
  reportRequests: 0,
  afterTakeFaults: 0,
});

export class SimState {
  readonly messages = new Map<string, StoredMessage>();
  readonly phones = new Map<string, { received: ReceivedMessage[]; failed: number }>();
  readonly requests: BoundedLog<RequestLogEntry>;
  readonly pushes: BoundedLog<PushLogEntry>;
  stats = emptyStats();

  constructor(maxLog: number) {
    this.requests = new BoundedLog(maxLog);
    this.pushes = new BoundedLog(maxLog);
  }

  recordDelivery(phone: string, entry: Omit<ReceivedMessage, "seq"> & { delivered: boolean }): void {
    const record = this.phones.get(phone) ?? { received: [], failed: 0 };
    this.phones.set(phone, record);
    const { delivered, ...rest } = entry;
    if (delivered) record.received.push({ seq: record.received.length + 1, ...rest });
    else record.failed += 1;
  }

  summary(): PhoneSummary[] {
    return [...this.phones].map(([phone, r]) => ({ phone, received: r.received.length, failed: r.failed }));
  }

  reset(): void {
    this.messages.clear();
    this.phones.clear();
    this.requests.clear();
    this.pushes.clear();
    this.stats = emptyStats();
  }
}
