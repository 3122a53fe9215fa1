import type { BizppurioReport } from "@sunseo/contracts";
import type { ValidMessage } from "./validate.js";

/** What the simulator remembers: accepted messages, what each phone received, the raw request log. */

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
});

export class SimState {
  readonly messages = new Map<string, StoredMessage>();
  readonly phones = new Map<string, { received: ReceivedMessage[]; failed: number }>();
  requests: RequestLogEntry[] = [];
  stats = emptyStats();
  private requestSeq = 0;

  constructor(private readonly maxLog: number) {}

  logRequest(entry: Omit<RequestLogEntry, "seq">): void {
    this.requests.push({ seq: ++this.requestSeq, ...entry });
    // Bounded for long benchmark runs: the oldest half goes at once (cheaper than shifting).
    if (this.requests.length > this.maxLog) this.requests = this.requests.slice(this.requests.length - this.maxLog / 2);
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
    this.requests = [];
    this.stats = emptyStats();
  }
}
