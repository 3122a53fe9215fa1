export {
  createBizppurioClient,
  type BizppurioClient,
  type BizppurioClientOptions,
  type ClientHooks,
  type Endpoint,
  type SendOutcome,
  type SendOptions,
} from "./client.js";
export { isRefusalCode } from "./classify.js";
export { BizppurioError, type BizppurioErrorKind } from "./errors.js";
export { classifyResponse, classifyRequestError, type ApiAnswer } from "./classify.js";
export { parseExpired } from "./expired.js";
export { bizppurioKeys } from "./keys.js";
export { TokenStore, type IssuedToken, type TokenStoreOptions } from "./token.js";
export { RateLimiter } from "./rate-limit.js";
export { toBizppurioRequest, type MessageRequest, type SendAccepted } from "./wire.js";
export {
  contentSchemas,
  messageEnvelopeSchema,
  messageTypes,
  wireButtonSchema,
  type FriendContent,
  type KakaoContent,
  type LmsContent,
  type MessageType,
  type SmsContent,
  type WireButton,
} from "./wire-schema.js";
export { safeJson } from "./safe-json.js";
