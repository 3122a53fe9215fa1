import { AssignerProtocol, type Assigner, type Cluster, type PartitionAssigner } from "kafkajs";

/**
 * Which member gets partition p: contiguous ranges over the sorted member ids, the same
 * for every topic. So partition p of flow-start, report, dispatch-result, timer ... lands on
 * one member, and one phone's events are all handled by one consumer.
 */
export function coPartitionedAssignment(
  memberIds: readonly string[],
  topicPartitions: Readonly<Record<string, readonly number[]>>,
): Record<string, Record<string, number[]>> {
  const members = [...memberIds].sort();
  const assignment: Record<string, Record<string, number[]>> = Object.fromEntries(members.map((m) => [m, {}]));
  for (const [topic, partitions] of Object.entries(topicPartitions)) {
    const sorted = [...partitions].sort((a, b) => a - b);
    const count = sorted.length;
    sorted.forEach((partition, index) => {
      const member = members[Math.floor((index * members.length) / count)]!;
      const topics = assignment[member]!;
      topics[topic] = [...(topics[topic] ?? []), partition];
    });
  }
  return assignment;
}

const NAME = "SunseoCoPartitioned";
const VERSION = 0;

/** kafkajs' default round-robin assigner spreads partition p of each topic over different members; this one does not. */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }: { cluster: Cluster }): Assigner => ({
  name: NAME,
  version: VERSION,
  async assign({ members, topics }) {
    const topicPartitions = Object.fromEntries(topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId)]));
    const assignment = coPartitionedAssignment(
      members.map((m) => m.memberId),
      topicPartitions,
    );
    return Object.entries(assignment).map(([memberId, memberTopics]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: VERSION, assignment: memberTopics, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: VERSION, topics, userData: Buffer.alloc(0) }) };
  },
});
