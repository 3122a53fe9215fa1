export { createKafka, type KafkaOptions } from "./client.js";
export { createSerialProducer, type SerialProducer, type OutgoingMessage } from "./serial-producer.js";
export { ensureTopics, type EnsureTopicsResult } from "./ensure-topics.js";
export { checkTopics, verifyTopics, TopicCheckError } from "./check-topics.js";
export { murmur2, partitionFor } from "./murmur2.js";
export { CoPartitionedAssigner, coPartitionedAssignment } from "./co-partitioned-assigner.js";
export { KeyedSerializer } from "./keyed-serializer.js";
export { OffsetTracker } from "./offset-tracker.js";
export { hasCommittedOffsets } from "./committed-offsets.js";
