import { randomBytes } from "node:crypto";
import { HttpAnswer } from "./http-answer.js";
import { formatKst } from "./kst.js";
import type { SimState } from "./state.js";

/** /v1/token: Basic auth in, a bearer token with the gateway's KST expiry out; every other endpoint checks the bearer. */
export class Tokens {
  private readonly expiresAt = new Map<string, number>();

  constructor(
    private readonly account: string,
    private readonly password: string,
    private readonly ttlMs: number,
    private readonly state: SimState,
  ) {}

  issue(authorization: string | undefined): HttpAnswer {
    const match = /^Basic\s+(\S+)$/.exec(authorization ?? "");
    if (!match) return HttpAnswer.api(401, "badBasic");
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return HttpAnswer.api(401, "badBasic");
    if (decoded.slice(0, colon) !== this.account) return HttpAnswer.api(401, "noAccount");
    if (decoded.slice(colon + 1) !== this.password) return HttpAnswer.api(401, "badPassword");
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    const expiresAt = Date.now() + this.ttlMs;
    this.expiresAt.set(token, expiresAt);
    this.state.stats.tokensIssued += 1;
    return new HttpAnswer(200, { accesstoken: token, type: "Bearer", expired: formatKst(expiresAt) });
  }

  /** The 401 answer for a missing, unknown or expired bearer token; undefined when it is valid. */
  check(authorization: string | undefined): HttpAnswer | undefined {
    const match = /^Bearer\s+(\S+)$/.exec(authorization ?? "");
    if (!match) return HttpAnswer.api(401, "badBearer");
    const expiresAt = this.expiresAt.get(match[1]!);
    if (expiresAt === undefined || expiresAt <= Date.now()) return HttpAnswer.api(401, "badToken");
    return undefined;
  }

  /** Every issued token answers 401 from now on. */
  expireAll(): void {
    for (const token of this.expiresAt.keys()) this.expiresAt.set(token, 0);
  }
}
