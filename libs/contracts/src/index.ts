export * from "./messages.js";
export { instanceIdSchema, phoneSchema, refkeySchema, timestampSchema } from "./fields.js";
export { topics, topicName, allTopicNames, sequencerInputs, DEFAULT_TOPIC_PREFIX, type Topic, type TopicKey } from "./topics.js";
export { decode, type Decoded } from "./decode.js";
export { instanceIdFor, keyedStartInstanceId } from "./instance-id.js";
export { toDlq, type ReceivedRecord } from "./dlq.js";
export { RESULT_CODES, DELIVERED_CODE, DELIVERED_CODES, describeResult, type ResultCode, type Channel } from "./result-codes.js";
export { REPORT_ROUTE, WEBHOOK_SECRET_HEADER, reportUrl } from "./http.js";
export { euckrByteLength, SMS_MAX_BYTES, LMS_MAX_BYTES, LMS_SUBJECT_MAX_BYTES } from "./sms-length.js";
