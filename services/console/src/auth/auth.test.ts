import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.js";
import { csrfToken, issueSession, readSession } from "./session.js";
import { parseUsers } from "./users.js";

const SECRET = "a-session-secret-of-at-least-32-characters";

describe("password hashes", () => {
  it("verifies the password it hashed and nothing else; each hash has its own salt", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsf", hash)).toBe(false);
    expect(await hashPassword("correct horse")).not.toBe(hash);
    expect(await verifyPassword("anything", "plain-text")).toBe(false);
  });
});

describe("CONSOLE_USERS", () => {
  it("reads user:hash pairs and names what is wrong with a bad one", async () => {
    const hash = await hashPassword("pw");
    expect([...parseUsers(` alice:${hash}, bob:${hash} `).keys()]).toEqual(["alice", "bob"]);
    expect(() => parseUsers("alice:secret")).toThrow(/hash of user alice/);
    expect(() => parseUsers(`alice:${hash},alice:${hash}`)).toThrow(/twice/);
    expect(() => parseUsers(`:${hash}`)).toThrow(/not user:hash/);
  });
});

describe("sessions", () => {
  const now = Date.UTC(2026, 0, 1);
  it("reads back a session it issued until it expires", () => {
    const { cookie } = issueSession(SECRET, "alice", 60_000, now);
    expect(readSession(SECRET, cookie, now + 59_999)?.user).toBe("alice");
    expect(readSession(SECRET, cookie, now + 60_000)).toBeUndefined();
  });

  it("refuses a cookie signed with another secret or with a changed user", () => {
    const { cookie } = issueSession(SECRET, "alice", 60_000, now);
    expect(readSession(`${SECRET}x`, cookie, now)).toBeUndefined();
    const [, ...rest] = cookie.split(".");
    expect(readSession(SECRET, [Buffer.from("admin").toString("base64url"), ...rest].join("."), now)).toBeUndefined();
    expect(readSession(SECRET, undefined, now)).toBeUndefined();
  });

  it("gives each session its own CSRF token", () => {
    const a = issueSession(SECRET, "alice", 60_000, now).session;
    const b = issueSession(SECRET, "alice", 60_000, now).session;
    expect(csrfToken(SECRET, a.nonce)).not.toBe(csrfToken(SECRET, b.nonce));
  });
});
