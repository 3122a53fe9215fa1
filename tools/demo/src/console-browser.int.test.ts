import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topicName, topics } from "@sunseo/contracts";
import { createFlowClient, type FlowClient } from "@sunseo/flow-client";
import { createFlowStateReader, type FlowState } from "@sunseo/flow-state";
import { parseCatalog } from "@sunseo/flows";
import { testContext, type TestContext } from "@sunseo/testing";
import { startAlertSink } from "./alert-sink.js";
import { demoCatalog } from "./catalog.js";
import { startStack, type Stack } from "./stack.js";

/**
 * The console in a real browser (headless Chromium through playwright-core) against the
 * demo's stack: simulator, the four services and the console as separate processes on the
 * real broker and Redis. With CONSOLE_SCREENSHOTS=1 the screenshots replace docs/console/*.png.
 */

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PHONE = "01012345678";
const FAILING_PHONE = "01055551111";
const SENDER_KEY = "console-test-sender-key";
const WAIT = { timeout: 90_000 };

let ctx: TestContext;
let stack: Stack;
let sink: Awaited<ReturnType<typeof startAlertSink>>;
let client: FlowClient;
let browser: Browser;
let page: Page;
let shots: string;

async function flowOf(instanceId: string): Promise<FlowState | undefined> {
  const reader = createFlowStateReader(ctx.redis, ctx.redisPrefix);
  const phone = await reader.phoneOf(instanceId);
  return phone === undefined ? undefined : (await reader.phoneState(phone))?.flows[instanceId];
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function instanceOfIdempotencyKey(phone: string, key: string): Promise<string> {
  const reader = createFlowStateReader(ctx.redis, ctx.redisPrefix);
  return until(`the flow of ${key}`, async () => (await reader.phoneState(phone))?.idempotency[key]);
}

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** Reloads until the selector shows up: for pages fed by an index that lags the event a little. */
async function reloadUntil(selector: string): Promise<void> {
  await until(selector, async () => {
    if ((await page.locator(selector).count()) > 0) return true;
    await page.reload();
    return false;
  });
}

describe("the console in a browser", () => {
  beforeAll(async () => {
    ctx = await testContext("console");
    await ctx.createTopics(Object.values(topics).map((t) => t.base));
    const runDir = join(REPO, ".local", "console-test", ctx.id);
    shots = process.env.CONSOLE_SCREENSHOTS === "1" ? join(REPO, "docs", "console") : join(runDir, "screenshots");
    mkdirSync(shots, { recursive: true });

    // The demo's catalog, the onboarding's second step held back 120 s: its flow keeps the
    // phone's lane long enough for a second flow to wait (queued) and be cancelled.
    const flowsFile = join(runDir, "flows.yaml");
    demoCatalog(join(REPO, "examples", "flows.yaml"), flowsFile, SENDER_KEY);
    const doc = parse(readFileSync(flowsFile, "utf8")) as { flows: Record<string, { steps: { delay?: string }[] }> };
    doc.flows["teacher-onboarding"]!.steps[1]!.delay = "120s";
    writeFileSync(flowsFile, stringify(doc));
    const catalog = parseCatalog(readFileSync(flowsFile, "utf8"), { BIZPPURIO_SENDER_KEY: SENDER_KEY });

    sink = await startAlertSink();
    stack = await startStack({
      repoRoot: REPO,
      brokers: ctx.brokers,
      redisUrl: ctx.redisUrl,
      topicPrefix: ctx.topicPrefix,
      redisPrefix: ctx.redisPrefix,
      flowsFile,
      senderKey: SENDER_KEY,
      alertWebhookUrl: sink.url,
      simSeed: 1,
      simFaults: { delivery: { minMs: 20, maxMs: 200 }, rules: [{ phone: "1111$", result: "7108", fallbackResult: "4410" }] },
      logDir: join(runDir, "logs"),
      withConsole: true,
    });

    client = createFlowClient({ kafka: ctx.kafka, topicPrefix: ctx.topicPrefix, catalog });
    await client.connect();
    await client.startFlow({ flow: "teacher-onboarding", phone: PHONE, variables: { name: "김하늘" }, idempotencyKey: "console-onboarding" });
    await client.startFlow({
      flow: "parent-application",
      phone: PHONE,
      variables: {
        parentName: "박민수",
        studentName: "박지우",
        subject: "수학",
        area: "서울 마포구",
        applicationId: "A1",
        teacherName: "김하늘",
        firstLesson: "다음 주 화요일",
      },
      idempotencyKey: "console-application",
    });
    await client.startFlow({ flow: "teacher-onboarding", phone: FAILING_PHONE, variables: { name: "이도윤" }, idempotencyKey: "console-failing" });
    // A flow-start the sequencer cannot accept: it goes to the dlq with its reason.
    const producer = ctx.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicName(ctx.topicPrefix, topics.flowStart),
      messages: [{ key: "01077778888", value: JSON.stringify({ flow: "teacher-onboarding", phone: "01077778888" }) }],
    });
    await producer.disconnect();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    page.on("dialog", (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await browser?.close();
    await client?.disconnect();
    await stack?.stop();
    await sink?.close();
    await ctx?.cleanup();
  });

  it("signs in, finds a phone typed 010-1234-5678, shows its flows and their steps in order with times", async () => {
    const onboarding = await instanceOfIdempotencyKey(PHONE, "console-onboarding");
    await until("the first step delivered", async () => (await flowOf(onboarding))?.history[0]?.deliveredAt);

    await page.goto(stack.console!.url);
    expect(new URL(page.url()).pathname).toBe("/login");
    await shot("login");
    await page.fill("input[name=user]", stack.console!.user);
    await page.fill("input[name=password]", stack.console!.password);
    await page.click("button:text('Sign in')");
    await page.waitForURL((url) => url.pathname === "/");

    await page.fill("main input[name=q]", "010-1234-5678");
    await page.press("main input[name=q]", "Enter");
    await page.waitForURL((url) => url.pathname.startsWith("/phone/"));
    const body = await page.textContent("main");
    expect(body).toContain("010-****-5678");
    expect(body).not.toContain("01012345678");
    expect(body).toContain(onboarding);
    await page.locator(`section#flow-${onboarding} tr.step`).first().waitFor();
    await shot("phone");

    await page.click(`a[href="/flow/${onboarding}"]`);
    await page.waitForURL((url) => url.pathname === `/flow/${onboarding}`);
    const steps = page.locator("table.steps tr.step");
    expect(await steps.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-step")))).toEqual(["0", "1"]);
    const first = await steps.first().locator("td.time").allTextContents();
    expect(first[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} KST$/);
    expect(first[2]).toMatch(/KST$/);
    expect(await steps.first().textContent()).toContain("7000");
    expect(await page.locator("svg.chart").count()).toBe(1);
    await shot("flow");

    // The same flow by the ids an operator may hold instead: its messagekey, its idempotency key.
    const messagekey = (await page.locator("table.ids tr").nth(1).locator("code").nth(1).textContent())!;
    for (const key of [messagekey, "console-onboarding"]) {
      await page.fill("header input[name=q]", key);
      await page.press("header input[name=q]", "Enter");
      await page.waitForURL((url) => url.pathname === `/flow/${onboarding}`);
    }
  });

  it("cancels the queued flow after a confirmation; the page follows it live", async () => {
    const application = await instanceOfIdempotencyKey(PHONE, "console-application");
    expect((await flowOf(application))?.status).toBe("queued");
    await page.goto(`${stack.console!.url}/flow/${application}`);
    expect(await page.textContent(".badge")).toContain("queued");
    await page.fill("input[name=reason]", "browser test");
    await page.click("#cancel");
    await page.locator(".badge.cancelled").waitFor();
    expect((await flowOf(application))?.status).toBe("cancelled");
    expect((await flowOf(application))?.reason).toContain("cancelled by operator");
  });

  it("dry-runs, then replays a dlq record, which is then marked replayed", async () => {
    await page.goto(`${stack.console!.url}/dlq`);
    await reloadUntil("section.dlq-record");
    const record = page.locator("section.dlq-record").first();
    expect(await record.textContent()).toContain("010-****-8888");
    expect(await record.textContent()).not.toContain("01077778888");
    await record.locator("button.dry-run").click();
    await record.locator("text=Dry run: would produce").waitFor();
    await shot("dlq");
    await record.locator("button.replay-now").click();
    await record.locator(".notice.ok").waitFor();
    expect(await record.locator(".notice.ok").textContent()).toContain("Replayed");
    const id = await record.getAttribute("data-id");
    await page.reload();
    expect(await page.locator(`section.dlq-record[data-id="${id}"] .badge.replayed`).textContent()).toContain(`replayed by ${stack.console!.user}`);
    expect(await page.locator(`section.dlq-record[data-id="${id}"] button.dry-run`).count()).toBe(0);
  });

  it("lists the failed flow on the failures page, grouped by template and result code, and follows it to its flow", async () => {
    await page.goto(`${stack.console!.url}/failures`);
    // The AlimTalk failed (7108), then its SMS fallback (4410): the flow failed on its first step.
    const group = 'section.group:has-text("COUNSEL_START")';
    await reloadUntil(`${group} a.failure-link`);
    expect(await page.textContent(`${group} h2`)).toMatch(/4410|7108/);
    await shot("failures");
    await page.click(`${group} a.failure-link`);
    await page.waitForURL((url) => url.pathname.startsWith("/flow/"));
    expect(await page.textContent(".badge")).toContain("failed");
    expect(await page.textContent("table.steps")).toMatch(/4410|7108/);
  });

  it("shows the alerts with their outcome per sink, and each service's health", async () => {
    await page.goto(`${stack.console!.url}/alerts`);
    await reloadUntil("table.alerts td.sink.sent");
    await shot("alerts");
    await page.goto(`${stack.console!.url}/health`);
    expect(await page.textContent("main")).toContain("sequencer");
    await shot("health");
  });
});
