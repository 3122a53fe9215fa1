import type { AddressInfo } from "node:net";
import { createLogger, type Logger } from "@sunseo/logger";
import { AfterTakeAnswers } from "./after-take-answer.js";
import { parseFaults, type FaultConfig, type FaultConfigInput } from "./faults.js";
import { createSimServer } from "./http-server.js";
import { PendingWork } from "./pending-work.js";
import { seededRandom } from "./rng.js";
import type { SimContext } from "./sim-context.js";
import { SimState, type PhoneSummary, type PushLogEntry, type ReceivedMessage, type RequestLogEntry, type SimStats } from "./state.js";
import { Tokens } from "./tokens.js";

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The credentials /v1/token accepts (Basic auth). */
  account?: string;
  password?: string;
  /** Where delivery reports are pushed; without it reports are only kept (and /sim shows them). */
  webhookUrl?: string;
  /** Extra headers on every push (e.g. the shared secret webhook-ingest checks). */
  webhookHeaders?: Record<string, string>;
  /** Lifetime of an access token (the real gateway: 24 h). */
  tokenTtlMs?: number;
  /** Seed of every random draw (delays, failure rates); the same seed replays the same run. */
  seed?: number;
  faults?: FaultConfigInput;
  /** Request log entries kept (oldest dropped beyond it). */
  maxRequestLog?: number;
  logger?: Logger;
}

export interface Simulator {
  url: string;
  port: number;
  /** Replaces the fault configuration (also POST /sim/faults). */
  configure(faults: FaultConfigInput): void;
  /** Makes every issued token expired: the next call with it gets 401. */
  expireTokens(): void;
  /** What the phone received, in delivery order. */
  received(phone: string): ReceivedMessage[];
  phones(): PhoneSummary[];
  /** The raw request log, optionally only one path (e.g. "/v3/message"). */
  requests(path?: string): RequestLogEntry[];
  /** Report pushes the webhook answered 2xx, oldest first; only those numbered above `since` (also GET /sim/pushes?since=). */
  pushes(since?: number): PushLogEntry[];
  stats(): SimStats;
  /** Forgets messages, phones, log and stats (also POST /sim/reset); tokens stay valid. */
  reset(): void;
  /** Resolves when no delivery or push is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulator: builds the shared context, the HTTP server over it, and the handle
 * tests use. Each part lives in its own file: tokens.ts (/v1/token and bearer checks),
 * gateway-api.ts (/v3/message, /v2/report), delivery-scheduler.ts (delays, report pushes),
 * sim-api.ts (/sim control API), http-server.ts (body reading, request log).
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const logger = options.logger ?? createLogger({ name: "bizppurio-sim", level: "warn" });
  const state = new SimState(options.maxRequestLog ?? 200_000);
  const tokens = new Tokens(options.account ?? "sunseo", options.password ?? "sunseo-password", options.tokenTtlMs ?? 24 * 3_600_000, state);
  const work = new PendingWork();
  let faults: FaultConfig = parseFaults(options.faults);
  let seq = 0;
  const ctx: SimContext = {
    account: options.account ?? "sunseo",
    state,
    tokens,
    work,
    random: seededRandom(options.seed ?? 1),
    logger,
    faults: () => faults,
    setFaults: (next) => {
      faults = next;
    },
    nextSeq: () => ++seq,
    pushTarget: () => (options.webhookUrl === undefined ? undefined : { url: options.webhookUrl, headers: options.webhookHeaders ?? {}, ...faults.webhook }),
  };
  const afterTakeAnswers = new AfterTakeAnswers();
  const server = createSimServer(ctx, afterTakeAnswers);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";

  return {
    url: `http://${host}:${port}`,
    port,
    configure: (input) => {
      faults = parseFaults(input);
    },
    expireTokens: () => tokens.expireAll(),
    received: (phone) => state.phones.get(phone)?.received ?? [],
    phones: () => state.summary(),
    requests: (path) => (path ? state.requests.since().filter((r) => r.path === path) : state.requests.since()),
    pushes: (since) => state.pushes.since(since),
    stats: () => ({ ...state.stats }),
    reset: () => state.reset(),
    idle: () => work.idle(),
    close: async () => {
      work.cancelAll();
      afterTakeAnswers.releaseAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
