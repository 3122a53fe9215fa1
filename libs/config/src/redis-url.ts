/**
 * Where Redis is, as one URL (REDIS_URL), for the three topologies sunseo runs on:
 *
 *   redis://[user:password@]host:port[/db]                        one server (rediss:// for TLS)
 *   redis+sentinel://[user:password@]host:port,host:port/name[/db] a master found through Sentinel
 *   redis+cluster://[user:password@]host:port,host:port            Redis Cluster (any nodes as seeds)
 *
 * `rediss+sentinel://` and `rediss+cluster://` use TLS to the data nodes. Credentials are the data
 * nodes'; sentinels that want their own are given `?sentinelPassword=` (and `sentinelUsername=`).
 * One variable keeps a deployment's Redis in one place and needs no cross-field checks.
 */

export interface RedisNode {
  host: string;
  port: number;
}

interface RedisAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTarget =
  | ({ mode: "standalone"; url: string } & RedisAuth)
  | ({ mode: "sentinel"; sentinels: RedisNode[]; name: string; db: number; sentinelUsername?: string; sentinelPassword?: string } & RedisAuth)
  | ({ mode: "cluster"; nodes: RedisNode[] } & RedisAuth);

const SHAPE = /^(rediss?)(?:\+(sentinel|cluster))?:\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
const DEFAULT_PORT = { standalone: 6379, sentinel: 26379, cluster: 6379 } as const;

/** Parses REDIS_URL; throws an Error whose message says what is wrong (never echoing the password). */
export function parseRedisUrl(text: string): RedisTarget {
  const match = SHAPE.exec(text.trim());
  if (!match) throw new Error("must look like redis://host:port, redis+sentinel://host:port,host:port/name or redis+cluster://host:port,host:port");
  const [, scheme, topology, userinfo, hostList = "", path = "", query = ""] = match;
  const mode = (topology ?? "standalone") as RedisTarget["mode"];
  const tls = scheme === "rediss";
  const auth = { tls, ...credentials(userinfo) };
  const nodes = hostList.split(",").map((entry) => node(entry, DEFAULT_PORT[mode]));
  const params = new URLSearchParams(query);
  if (mode === "standalone") {
    if (nodes.length !== 1) throw new Error("redis:// names one server; use redis+cluster:// or redis+sentinel:// for several");
    if (path !== "" && !/^\/\d*$/.test(path)) throw new Error(`the path must be a database number, not "${path}"`);
    return { mode, url: text.trim(), ...auth };
  }
  if (mode === "cluster") {
    if (path !== "" && path !== "/") throw new Error("Redis Cluster has only database 0: leave the path out");
    return { mode, nodes, ...auth };
  }
  const [, name = "", db = "0", ...rest] = path.split("/");
  if (name === "") throw new Error("redis+sentinel:// needs the master's name as its path, e.g. redis+sentinel://s1:26379,s2:26379/mymaster");
  if (rest.length > 0 || !/^\d+$/.test(db)) throw new Error(`after the master's name only a database number may follow, not "${path}"`);
  const sentinelUsername = params.get("sentinelUsername") ?? undefined;
  const sentinelPassword = params.get("sentinelPassword") ?? undefined;
  return {
    mode,
    sentinels: nodes,
    name: decodeURIComponent(name),
    db: Number(db),
    ...(sentinelUsername === undefined ? {} : { sentinelUsername }),
    ...(sentinelPassword === undefined ? {} : { sentinelPassword }),
    ...auth,
  };
}

/** The URL with its credentials masked, for logs and error messages. */
export function redactRedisUrl(text: string): string {
  return text.replace(/\/\/[^@/]*@/, "//***@").replace(/([?&]sentinelPassword=)[^&#]*/, "$1***");
}

function credentials(userinfo: string | undefined): { username?: string; password?: string } {
  if (userinfo === undefined || userinfo === "") return {};
  const colon = userinfo.indexOf(":");
  const username = decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
  return { ...(username === "" ? {} : { username }), ...(password === undefined || password === "" ? {} : { password }) };
}

function node(entry: string, defaultPort: number): RedisNode {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+)(?::(\d{1,5}))?$/.exec(entry.trim());
  if (!match) throw new Error(`"${entry}" is not host or host:port`);
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (port < 1 || port > 65535) throw new Error(`port ${port} of "${entry}" is out of range`);
  return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
}
