import { connect, createServer, type Server, type Socket } from "node:net";
import { Lane } from "./tcp-lane.js";

/** Which way a stall holds bytes: toward the target (requests), toward the client (answers), or both. */
export type StallDirection = "to-target" | "to-client" | "both";

export interface TcpProxyOptions {
  target: { host: string; port: number };
  /** 0 (the default) lets the kernel pick; the port then stays the same across refuse/heal. */
  listenPort?: number;
}

/**
 * A TCP proxy on 127.0.0.1 that breaks the path to a server on demand, for a client that
 * must survive it (ioredis to Redis, say). Faults apply to open connections at once.
 */
export interface TcpProxy {
  port: number;
  /** `${scheme}://127.0.0.1:${port}`, e.g. url("redis") for a Redis client. */
  url(scheme: string): string;
  /** Resets every open connection now (RST both ways); what they held is dropped. */
  cut(): void;
  /**
   * While on, nothing listens on the port: new connections are refused as by a dead server.
   * Open connections stay. Off listens again on the same port.
   */
  refuse(on: boolean): Promise<void>;
  /** Every chunk from now on, both ways, waits this long before it is passed on (0: none). */
  delay(ms: number): void;
  /** While on, bytes that way are held (not dropped, connections stay open); off lets them go. */
  stall(on: boolean, direction?: StallDirection): void;
  /** Every fault off; held chunks go now. */
  heal(): Promise<void>;
  /** Connections open through the proxy. */
  connections(): number;
  /** Chunks held by a delay or a stall, for a test to know a command reached the proxy but not the server. */
  heldChunks(): number;
  close(): Promise<void>;
}

/** Thrown when the proxy cannot listen again on its port (another process took it while refusing). */
export class ProxyListenError extends Error {
  constructor(port: number, cause: unknown) {
    super(`the proxy cannot listen on 127.0.0.1:${port} again`, { cause });
    this.name = "ProxyListenError";
  }
}

interface Pair {
  client: Socket;
  upstream: Socket;
  lanes: Lane[];
}

export async function startTcpProxy({ target, listenPort = 0 }: TcpProxyOptions): Promise<TcpProxy> {
  let delayMs = 0;
  const stalled = { "to-target": false, "to-client": false };
  const pairs = new Set<Pair>();

  const onConnection = (client: Socket) => {
    const upstream = connect({ host: target.host, port: target.port });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const toTarget = new Lane(client, upstream, { delayMs: () => delayMs, stalled: () => stalled["to-target"] });
    const toClient = new Lane(upstream, client, { delayMs: () => delayMs, stalled: () => stalled["to-client"] });
    const pair: Pair = { client, upstream, lanes: [toTarget, toClient] };
    pairs.add(pair);
    // A graceful close (FIN) is passed on by its lane after what it holds; an abrupt one at once.
    const onClose = (lane: Lane, other: Socket, back: Lane) => () => {
      back.dispose();
      if (!lane.ended) other.destroy();
      if (client.destroyed && upstream.destroyed) pairs.delete(pair);
    };
    client.on("close", onClose(toTarget, upstream, toClient));
    upstream.on("close", onClose(toClient, client, toTarget));
    // The target refusing or resetting is passed on to the client as a reset, and the other way round.
    client.on("error", () => reset(upstream));
    upstream.on("error", () => reset(client));
  };

  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(onConnection);
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve(server));
    });

  let listener: Server | undefined = await listen(listenPort);
  const address = listener.address();
  const port = typeof address === "object" && address ? address.port : listenPort;

  const stopListening = async () => {
    const server = listener;
    listener = undefined;
    // Not awaiting "close": it waits for every open connection, which refusing keeps.
    server?.close();
  };
  const startListening = async () => {
    if (listener) return;
    try {
      listener = await listen(port);
    } catch (err) {
      throw new ProxyListenError(port, err);
    }
  };
  const eachLane = (act: (lane: Lane) => void) => {
    for (const pair of pairs) for (const lane of pair.lanes) act(lane);
  };
  const pumpAll = () => eachLane((lane) => lane.pump());

  return {
    port,
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    cut() {
      for (const pair of pairs) {
        for (const lane of pair.lanes) lane.dispose();
        reset(pair.client);
        reset(pair.upstream);
      }
    },
    refuse: (on) => (on ? stopListening() : startListening()),
    delay(ms) {
      delayMs = ms;
    },
    stall(on, direction = "both") {
      if (direction !== "to-client") stalled["to-target"] = on;
      if (direction !== "to-target") stalled["to-client"] = on;
      pumpAll();
    },
    async heal() {
      delayMs = 0;
      stalled["to-target"] = false;
      stalled["to-client"] = false;
      eachLane((lane) => lane.release());
      await startListening();
    },
    connections: () => pairs.size,
    heldChunks: () => [...pairs].reduce((sum, pair) => sum + pair.lanes.reduce((n, lane) => n + lane.held(), 0), 0),
    async close() {
      const server = listener;
      listener = undefined;
      for (const pair of pairs) {
        for (const lane of pair.lanes) lane.dispose();
        pair.client.destroy();
        pair.upstream.destroy();
      }
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An RST rather than a FIN: the peer sees the connection fail, not end. */
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}
