export {
  decodeDlqRecord,
  dlqEntryView,
  listEntries,
  matchesFilter,
  recordId,
  replayPlan,
  type DlqEntryView,
  type DlqFilter,
  type DlqRecord,
  type ReplayPlan,
} from "./entries.js";
export { readDlq, DlqReadTimeoutError, DlqTopicMissingError, type ReadDlqOptions } from "./reader.js";
