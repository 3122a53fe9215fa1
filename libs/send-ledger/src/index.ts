export { SendLedger, type Claim } from "./ledger.js";
export { sendLedgerKey, ABANDONED } from "./keys.js";
