import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brokerClasspath } from "./kafka-assembly.js";

/** A KRaft cluster id (what `kafka-storage.sh random-uuid` prints: 16 random bytes, base64url). */
export function newClusterId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Formats a broker's log directory once and returns the cluster id it holds: a formatted one
 * keeps its data and id across restarts. Every node of one cluster must share the id, so a
 * directory formatted for another cluster is an error rather than a node that never joins.
 */
export function formatStorage({
  configFile,
  dataDir,
  clusterId,
  scramCredentials = [],
}: {
  configFile: string;
  dataDir: string;
  clusterId?: string;
  /** SCRAM users written into the new log (`--add-scram`, e.g. "SCRAM-SHA-512=[name=alice,password=secret]"). */
  scramCredentials?: readonly string[];
}): string {
  const existing = formattedClusterId(dataDir);
  if (existing !== undefined) {
    if (clusterId !== undefined && clusterId !== existing) throw new Error(`${dataDir} is formatted for cluster ${existing}, not ${clusterId}`);
    return existing;
  }
  const id = clusterId ?? newClusterId();
  mkdirSync(dataDir, { recursive: true });
  const scram = scramCredentials.flatMap((credential) => ["--add-scram", credential]);
  const result = spawnSync("java", ["-cp", brokerClasspath(), "kafka.tools.StorageTool", "format", "-t", id, "-c", configFile, ...scram], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`formatting Kafka storage in ${dataDir} failed:\n${result.stdout}${result.stderr}`);
  return id;
}

function formattedClusterId(dataDir: string): string | undefined {
  const file = join(dataDir, "meta.properties");
  if (!existsSync(file)) return undefined;
  return /^cluster\.id=(.+)$/m.exec(readFileSync(file, "utf8"))?.[1]?.trim();
}
