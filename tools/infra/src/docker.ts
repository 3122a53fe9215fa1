import { basename, dirname } from "node:path";
import { composeFile } from "./paths.js";

/**
 * Kafka and Redis as the `kafka` and `redis` services of the repository's docker-compose.yml
 * (one container definition for every path), run through testcontainers' compose support.
 * testcontainers is imported only here and only when Docker is asked about: the local path
 * never loads it.
 */
const composeProject = { filePath: dirname(composeFile), files: basename(composeFile), projectName: "sunseo" };

/** The docker client alone is not enough: an engine must answer. */
export async function dockerEngineAnswers(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  return getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
}

/** Starts (or keeps) the two containers and returns once their compose healthchecks pass. */
export async function composeUp(kafkaPort: number): Promise<void> {
  const { DockerComposeEnvironment, Wait } = await import("testcontainers");
  await new DockerComposeEnvironment(composeProject.filePath, composeProject.files)
    .withProjectName(composeProject.projectName)
    .withEnvironment({ SUNSEO_KAFKA_PORT: String(kafkaPort) })
    .withNoRecreate()
    // `infra:up` exits and leaves them running; `infra:down` (or the tests' teardown) stops them.
    .withAutoCleanup(false)
    .withDefaultWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(180_000)
    .up(["kafka", "redis"]);
}

/** Stops the containers from any process (the one that started them may be gone); `purge` drops their volumes too. */
export async function composeDown(purge: boolean): Promise<void> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  const client = await getContainerRuntimeClient();
  await client.compose.down(composeProject, { removeVolumes: purge, timeout: 10_000 });
}
