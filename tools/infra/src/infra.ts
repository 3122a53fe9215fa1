import { assembleBroker, KAFKA_VERSION, requireJavaAndMaven } from "./kafka-assembly.js";
import { brokerDeathReason, purgeKafkaData, startLocalKafka } from "./kafka-local.js";
import { startLocalRedis } from "./redis-local.js";
import { composeDown, composeUp, dockerEngineAnswers } from "./docker.js";
import { chooseKafkaPath } from "./kafka-path.js";
import { isAlive, stopProcess } from "./process.js";
import { kafkaAnswers, portAnswers, redisAnswers, waitFor } from "./probe.js";
import { clearState, readState, writeState, type InfraState } from "./state.js";
import { stateToRecord } from "./state-record.js";

export interface InfraEnv {
  KAFKA_BROKERS?: string;
  REDIS_URL?: string;
  SUNSEO_KAFKA_PORT?: string;
  SUNSEO_REDIS_PORT?: string;
}

export interface UpResult {
  state: InfraState;
  /** What this call started (a no-op second `up` starts nothing). */
  started: { kafka: boolean; redis: boolean };
}

/**
 * Brings up a Kafka broker and Redis, by the first path that applies:
 * 1. KAFKA_BROKERS / REDIS_URL set: use them, start nothing;
 * 2. a Docker engine answers: docker-compose.yml's kafka and redis, through testcontainers;
 * 3. local: the Maven-assembled broker on 127.0.0.1, and the Redis already on :6379 or redis-server from PATH.
 * Idempotent: what is already running (and answering) is reused.
 */
export async function up(env: InfraEnv = process.env, log: (line: string) => void = console.log): Promise<UpResult> {
  const previous = readState();
  const kafkaPort = Number(env.SUNSEO_KAFKA_PORT ?? 9092);
  const redisPort = Number(env.SUNSEO_REDIS_PORT ?? 6390);
  const started = { kafka: false, redis: false };

  let kafka: InfraState["kafka"];
  if (env.KAFKA_BROKERS) {
    const brokers = env.KAFKA_BROKERS.split(",").map((b) => b.trim());
    if (!(await kafkaAnswers(brokers))) throw new Error(`KAFKA_BROKERS=${env.KAFKA_BROKERS} is set but no broker answers there`);
    kafka = { mode: "external", brokers };
    log(`kafka: using KAFKA_BROKERS=${brokers.join(",")} (started nothing)`);
  } else if ((await chooseKafkaPath(previous, dockerEngineAnswers)) === "docker") {
    log(`kafka + redis: starting docker-compose.yml's kafka and redis through testcontainers ...`);
    await composeUp(kafkaPort);
    kafka = { mode: "docker", brokers: [`127.0.0.1:${kafkaPort}`] };
    log(`kafka: docker (127.0.0.1:${kafkaPort})`);
  } else {
    const brokers = [`127.0.0.1:${kafkaPort}`];
    let ours = previous?.kafka.mode === "local" && previous.kafka.pid !== undefined && isAlive(previous.kafka.pid);
    if (ours && previous?.kafka.version !== KAFKA_VERSION) {
      log(`kafka: stopping the local Kafka ${previous?.kafka.version ?? "(unknown version)"} started earlier; this checkout pins ${KAFKA_VERSION}`);
      await stopProcess(previous!.kafka.pid!);
      ours = false;
    }
    if (ours && (await kafkaAnswers(brokers))) {
      kafka = previous!.kafka;
      log(`kafka: already running (local Apache Kafka ${KAFKA_VERSION}, pid ${kafka.pid})`);
    } else if (await kafkaAnswers(brokers)) {
      kafka = { mode: "external", brokers };
      log(`kafka: a broker already answers on 127.0.0.1:${kafkaPort}; using it (infra:down will not stop it)`);
    } else {
      if (await portAnswers("127.0.0.1", kafkaPort))
        throw new Error(`port ${kafkaPort} is taken by something that is not a Kafka broker (set SUNSEO_KAFKA_PORT or free the port)`);
      if (await portAnswers("127.0.0.1", kafkaPort + 1))
        throw new Error(`port ${kafkaPort + 1} (the KRaft controller port) is taken (set SUNSEO_KAFKA_PORT or free the port)`);
      requireJavaAndMaven();
      assembleBroker(log);
      const pid = startLocalKafka({ port: kafkaPort, controllerPort: kafkaPort + 1 });
      log(`kafka: starting local Apache Kafka ${KAFKA_VERSION} (KRaft, pid ${pid}) on 127.0.0.1:${kafkaPort} ...`);
      await waitFor("Kafka", () => kafkaAnswers(brokers), { timeoutMs: 120_000, failFast: () => brokerDeathReason(pid) });
      kafka = { mode: "local", brokers, pid, version: KAFKA_VERSION };
      started.kafka = true;
      log("kafka: ready");
    }
  }

  let redis: InfraState["redis"];
  if (env.REDIS_URL) {
    if (!(await redisAnswers(env.REDIS_URL))) throw new Error("REDIS_URL is set but no Redis answers there");
    redis = { mode: "external", url: env.REDIS_URL };
    log("redis: using REDIS_URL (started nothing)");
  } else if (kafka.mode === "docker") {
    redis = { mode: "docker", url: "redis://127.0.0.1:6379" };
    log("redis: docker (127.0.0.1:6379)");
  } else if (await redisAnswers("redis://127.0.0.1:6379")) {
    redis = { mode: "external", url: "redis://127.0.0.1:6379" };
    log("redis: using the server already answering on 127.0.0.1:6379");
  } else {
    const url = `redis://127.0.0.1:${redisPort}`;
    const ours = previous?.redis.mode === "local" && previous.redis.pid !== undefined && isAlive(previous.redis.pid);
    if (ours && (await redisAnswers(url))) {
      redis = previous!.redis;
      log(`redis: already running (pid ${redis.pid}) on ${url}`);
    } else {
      if (await portAnswers("127.0.0.1", redisPort)) throw new Error(`port ${redisPort} is taken by something that is not Redis (set SUNSEO_REDIS_PORT)`);
      const pid = startLocalRedis(redisPort);
      await waitFor("Redis", () => redisAnswers(url), {
        timeoutMs: 20_000,
        failFast: () => (isAlive(pid) ? undefined : "redis-server exited (see .local/redis/redis.log)"),
      });
      redis = { mode: "local", url, pid };
      started.redis = true;
      log(`redis: started redis-server (pid ${pid}) on ${url}`);
    }
  }

  const state = { kafka, redis };
  writeState(stateToRecord(previous, state, isAlive));
  return { state, started };
}

/** Stops only what `up` started; a server that was already running is never touched. */
export async function down(
  { purge = false, only }: { purge?: boolean; only?: { kafka: boolean; redis: boolean } } = {},
  log: (line: string) => void = console.log,
): Promise<void> {
  const state = readState();
  if (!state) {
    log("nothing to stop (infra:up has not started anything)");
    if (purge) purgeKafkaData();
    return;
  }
  if (state.kafka.mode === "docker") {
    await composeDown(purge);
    log("kafka + redis: docker containers removed");
  }
  if (state.kafka.mode === "local" && state.kafka.pid && (only?.kafka ?? true)) {
    log(`kafka: stopping pid ${state.kafka.pid} ...`);
    await stopProcess(state.kafka.pid);
  }
  if (state.redis.mode === "local" && state.redis.pid && (only?.redis ?? true)) {
    log(`redis: stopping pid ${state.redis.pid}`);
    await stopProcess(state.redis.pid);
  }
  if (purge) purgeKafkaData();
  // A part left running (not in `only`) stays on record, so a later `down` can still stop it.
  const leftKafka = state.kafka.mode === "local" && only?.kafka === false;
  const leftRedis = state.redis.mode === "local" && only?.redis === false;
  if (leftKafka || leftRedis) {
    writeState({
      kafka: leftKafka ? state.kafka : { mode: "external", brokers: state.kafka.brokers },
      redis: leftRedis ? state.redis : { mode: "external", url: state.redis.url },
    });
  } else {
    clearState();
  }
}

export async function status(log: (line: string) => void = console.log): Promise<boolean> {
  const state = readState();
  if (!state) {
    log("infra is not up (run npm run infra:up)");
    return false;
  }
  const kafkaUp = await kafkaAnswers(state.kafka.brokers);
  const redisUp = await redisAnswers(state.redis.url);
  log(
    `kafka: ${state.kafka.mode}${state.kafka.pid ? ` pid ${state.kafka.pid}` : ""} ${state.kafka.brokers.join(",")} ${kafkaUp ? "answering" : "NOT answering"}`,
  );
  log(`redis: ${state.redis.mode}${state.redis.pid ? ` pid ${state.redis.pid}` : ""} ${state.redis.url} ${redisUp ? "answering" : "NOT answering"}`);
  log(`export KAFKA_BROKERS=${state.kafka.brokers.join(",")} REDIS_URL=${state.redis.url}`);
  return kafkaUp && redisUp;
}
