import type { PhoneRecord } from "./phone-store.js";

/** The records of recently written phones, least recently used first out. */
export class RecordCache {
  private readonly records = new Map<string, PhoneRecord>();

  constructor(private readonly capacity: number) {}

  get(phone: string): PhoneRecord | undefined {
    const record = this.records.get(phone);
    if (record) {
      this.records.delete(phone);
      this.records.set(phone, record);
    }
    return record;
  }

  set(phone: string, record: PhoneRecord): void {
    this.records.delete(phone);
    this.records.set(phone, record);
    if (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
  }

  /** The outbox written at this version was carried out. */
  clearOutbox(phone: string, version: number): void {
    const record = this.records.get(phone);
    if (record?.version === version) record.outbox = [];
  }

  delete(phone: string): void {
    this.records.delete(phone);
  }

  clear(): void {
    this.records.clear();
  }
}
