export { normalizePhone, parsePhone, isMobile, type ParsedPhone } from "./parse.js";
export { maskPhone } from "./mask.js";
export { maskPhonesInText } from "./mask-text.js";
export { InvalidPhoneError, type InvalidPhoneReason } from "./invalid-phone-error.js";
export type { PhoneKind } from "./number-plan.js";
