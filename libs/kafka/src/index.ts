export { createKafka, type KafkaOptions } from "./client.js";
export { breaksIdempotence, createSerialProducer, type SerialProducer, type OutgoingMessage } from "./serial-producer.js";
export { ensureTopics, type EnsureTopicsResult } from "./ensure-topics.js";
export {
  PARTITION_MIGRATION,
  PartitionCountChangeError,
  ReplicationFactorError,
  SINGLE_BROKER,
  topicSpecs,
  type TopicSettings,
  topicConfigEntries,
  topicWarnings,
  type TopicSpec,
  type TopicState,
} from "./topic-settings.js";
export { alignTopicConfigs, describeTopics } from "./topic-state.js";
export { checkTopics, verifyTopics, TopicCheckError } from "./check-topics.js";
export { murmur2, partitionFor } from "./murmur2.js";
export { CoPartitionedAssigner, coPartitionedAssignment } from "./co-partitioned-assigner.js";
export { KeyedSerializer } from "./keyed-serializer.js";
export { OffsetTracker } from "./offset-tracker.js";
export { hasCommittedOffsets } from "./committed-offsets.js";
export { groupTimings } from "./group-timings.js";
export { BatchingProducer, type BatchOutcome, type BatchingOptions, type SendOptions } from "./batching-producer.js";
export { topicMessage, topicProducer, type TopicProducer, type TopicRecord, type MessageSender } from "./topic-message.js";
export { createOffsetReader, lagOf, readGroupLag, readTopicRecords, type OffsetReader, type PartitionLag, type PartitionEnds } from "./offsets.js";
export { KafkaAccessError, type KafkaAccessCode } from "./access-error.js";
