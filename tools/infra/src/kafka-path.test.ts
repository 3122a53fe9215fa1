import { describe, expect, it } from "vitest";
import { chooseKafkaPath } from "./kafka-path.js";
import type { InfraState } from "./state.js";

const upBefore = (mode: InfraState["kafka"]["mode"]): InfraState => ({
  kafka: { mode, brokers: ["127.0.0.1:9092"] },
  redis: { mode, url: "redis://127.0.0.1:6379" },
});

function docker(answers: boolean) {
  const asked = { count: 0 };
  const probe = async () => {
    asked.count += 1;
    return answers;
  };
  return { asked, probe };
}

describe("chooseKafkaPath", () => {
  it("goes through Docker when an engine answers and nothing is up yet", async () => {
    expect(await chooseKafkaPath(undefined, docker(true).probe)).toBe("docker");
  });

  it("falls back to the local broker when no engine answers", async () => {
    expect(await chooseKafkaPath(undefined, docker(false).probe)).toBe("local");
  });

  it("keeps the path a previous up chose without asking Docker again", async () => {
    const answering = docker(true);
    expect(await chooseKafkaPath(upBefore("local"), answering.probe)).toBe("local");
    expect(await chooseKafkaPath(upBefore("external"), answering.probe)).toBe("local");
    const silent = docker(false);
    expect(await chooseKafkaPath(upBefore("docker"), silent.probe)).toBe("docker");
    expect(answering.asked.count + silent.asked.count).toBe(0);
  });
});
