/**
 * The __consumer_offsets partition whose leader coordinates a group, as Kafka picks it: Java's
 * String.hashCode of the group id, made non-negative as Utils.abs does (a mask, not Math.abs),
 * mod the partition count.
 */
export function offsetsPartition(groupId: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  return (hash & 0x7fffffff) % partitions;
}
