import type { DestinationStream } from "pino";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";

/** A logger writing into an array, with each line parsed and kept raw. */
function capture() {
  const raw: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void raw.push(line) };
  const logger = createLogger({ name: "test", level: "trace", destination });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  const last = () => lines().at(-1) ?? {};
  return { logger, raw, lines, last };
}

const MASKED = "010-****-5678";

describe("createLogger output", () => {
  it("writes one JSON line with name, level and message", () => {
    const { logger, last } = capture();
    logger.info("flow started");
    expect(last()).toMatchObject({ name: "test", level: 30, msg: "flow started" });
  });

  it("defaults to level info", () => {
    const raw: string[] = [];
    const logger = createLogger({ name: "test", destination: { write: (line: string) => void raw.push(line) } });
    logger.debug("hidden");
    logger.info("shown");
    expect(raw).toHaveLength(1);
  });
});

describe("phone masking", () => {
  it("masks a phone in the message", () => {
    const { logger, last, raw } = capture();
    logger.info("sending to 010-1234-5678 now");
    expect(last().msg).toBe(`sending to ${MASKED} now`);
    expect(raw.join("")).not.toContain("1234");
  });

  it("masks a phone interpolated into the message, even split across arguments", () => {
    const { logger, lines } = capture();
    logger.info("to %s", "01012345678");
    logger.info("to 010-%s", "1234-5678");
    logger.info({ step: 2 }, "to %s at step %d", "+82 10 1234 5678", 2);
    expect(lines().map((l) => l.msg)).toEqual([`to ${MASKED}`, `to ${MASKED}`, `to ${MASKED} at step 2`]);
  });

  it("masks phones in nested fields and arrays, in any typed form", () => {
    const { logger, last, raw } = capture();
    logger.info({
      recipient: { phone: "+82 10-1234-5678", alt: ["01012345678", "(02) 123-4567"] },
      note: "call back on ０１０－１２３４－５６７８",
    });
    expect(last()).toMatchObject({
      recipient: { phone: MASKED, alt: [MASKED, "02-***-4567"] },
      note: `call back on ${MASKED}`,
    });
    expect(raw.join("")).not.toMatch(/1234/);
  });

  it("masks phones in an error's message, stack, cause and own fields", () => {
    const { logger, last, raw } = capture();
    const cause = new Error("rejected 02-123-4567");
    const err = Object.assign(new Error("invalid recipient 010-1234-5678", { cause }), { phone: "01012345678" });
    logger.error(err);
    const line = last();
    expect(line.msg).toBe(`invalid recipient ${MASKED}`);
    expect(line.err).toMatchObject({
      type: "Error",
      message: `invalid recipient ${MASKED}: rejected 02-***-4567`,
      phone: MASKED,
    });
    expect((line.err as { stack: string }).stack).toContain(`Error: invalid recipient ${MASKED}`);
    expect(raw.join("")).not.toMatch(/1234|123-4567/);
  });

  it("serialises and masks errors under any key, not only err", () => {
    const { logger, last } = capture();
    logger.warn({ attempt: { error: new TypeError("no route to 01012345678") } }, "retrying");
    expect(last().attempt).toMatchObject({ error: { type: "TypeError", message: `no route to ${MASKED}` } });
  });

  it("keeps masking in child and grandchild loggers, bindings included", () => {
    const { logger, lines, raw } = capture();
    const child = logger.child({ phone: "010-1234-5678", flow: "welcome" });
    const grandchild = child.child({ backup: "01012345678" }, { msgPrefix: "[retry] " });
    child.info({ to: "01012345678" }, "first try 01012345678");
    grandchild.info("second try 010 1234 5678");
    const [first, second] = lines();
    expect(first).toMatchObject({ phone: MASKED, flow: "welcome", to: MASKED, msg: `first try ${MASKED}` });
    expect(second).toMatchObject({ phone: MASKED, backup: MASKED, msg: `[retry] second try ${MASKED}` });
    expect(raw.join("")).not.toMatch(/1234/);
  });

  it("masks bindings set after creation", () => {
    const { logger, last } = capture();
    const child = logger.child({});
    child.setBindings({ phone: "01012345678" });
    child.info("x");
    expect(last().phone).toBe(MASKED);
  });
});

describe("secret redaction", () => {
  it("redacts secrets by key at any depth", () => {
    const { logger, last, raw } = capture();
    logger.info({
      password: "hunter2",
      token: "t0k3n",
      accesstoken: "bizppurio-access",
      authorization: "Basic dXNlcjpwYXNz",
      secret: "webhook-shared",
      user: { password: "p4ss", token: "user-token" },
      request: { headers: { Authorization: "Bearer abc.def", "content-type": "application/json" } },
      config: { bizppurio: { accessToken: "deep", webhookSecret: "deeper" } },
      list: [{ api_key: "k-1" }],
    });
    expect(last()).toMatchObject({
      password: "[redacted]",
      token: "[redacted]",
      accesstoken: "[redacted]",
      authorization: "[redacted]",
      secret: "[redacted]",
      user: { password: "[redacted]", token: "[redacted]" },
      request: { headers: { Authorization: "[redacted]", "content-type": "application/json" } },
      config: { bizppurio: { accessToken: "[redacted]", webhookSecret: "[redacted]" } },
      list: [{ api_key: "[redacted]" }],
    });
    for (const secret of ["hunter2", "t0k3n", "bizppurio-access", "dXNlcjpwYXNz", "webhook-shared", "p4ss", "abc.def", "deep", "k-1"]) {
      expect(raw.join("")).not.toContain(secret);
    }
  });

  it("redacts secrets in child bindings and error fields", () => {
    const { logger, lines } = capture();
    logger.child({ token: "child-token" }).info("x");
    logger.error(Object.assign(new Error("401"), { config: { headers: { authorization: "Bearer leaked" } } }));
    const [child, error] = lines();
    expect(child?.token).toBe("[redacted]");
    expect(error?.err).toMatchObject({ config: { headers: { authorization: "[redacted]" } } });
  });
});

describe("fields without phones or secrets", () => {
  it("prints them unchanged and never mutates the caller's object", () => {
    const { logger, last } = capture();
    const fields = {
      flowId: "f-42",
      step: 2,
      ok: true,
      missing: null,
      at: "2024-01-15T10:12:34.567Z",
      cmsgid: "20240115101234000001",
      tokenType: "Bearer",
      partitions: [0, 1, 2],
      result: { code: "7308", description: "invalid phone number" },
      phone: "01012345678",
    };
    const before = structuredClone(fields);
    logger.info(fields, "dispatched");
    expect(last()).toMatchObject({ ...before, phone: MASKED, msg: "dispatched" });
    expect(fields).toEqual(before);
  });

  it("survives circular objects", () => {
    const { logger, last } = capture();
    const node: Record<string, unknown> = { phone: "01012345678" };
    node.self = node;
    logger.info(node);
    expect(last()).toMatchObject({ phone: MASKED, self: "[Circular]" });
  });
});
