import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { emptyPhoneState, type FlowStateReader, type PhoneState } from "@sunseo/flow-state";
import { createLogger } from "@sunseo/logger";
import { createConsoleApp } from "./app.js";
import { hashPassword } from "./auth/password.js";
import type { AppDeps, AppSettings } from "./deps.js";
import type { IndexStore } from "./index/store.js";
import { phoneRefs } from "./phone-ref.js";

/** The app's security at the HTTP edge: sign-in, the trusted header, CSRF, the audit line. Flow state is an in-memory reader. */

const SECRET = "a-session-secret-of-at-least-32-characters";
const PHONE = "01012345678";
const state: PhoneState = {
  ...emptyPhoneState(),
  active: "i-1",
  flows: {
    "i-1": {
      id: "i-1",
      flow: "teacher-onboarding",
      lane: "recipient",
      status: "running",
      steps: [],
      current: 0,
      history: [{ name: "counsel-start", attempt: 2, send: "report-requested", done: false, rounds: 1, refkey: "i-1-0-2", messagekey: "mk-1", results: [] }],
      createdAt: 1,
    },
  },
};
const reader: FlowStateReader = {
  phoneState: async (phone) => (phone === PHONE ? state : undefined),
  phoneOf: async (id) => (id === "i-1" ? PHONE : undefined),
};

let server: Server | undefined;
afterEach(() => server?.close());

async function start(auth: "login" | "header") {
  const audit: string[] = [];
  const cancels: string[] = [];
  const reportRequests: unknown[] = [];
  const settings: AppSettings = {
    auth,
    authHeader: "x-forwarded-user",
    users: new Map([["alice", await hashPassword("right")]]),
    sessionSecret: SECRET,
    sessionTtlMs: 60_000,
    secureCookie: false,
    topicPrefix: "t.",
    dlqTopic: "t.dlq",
    alertSinks: [],
    retentionMs: 3_600_000,
  };
  const deps = {
    reader,
    index: {} as IndexStore,
    phoneRefs: phoneRefs(SECRET),
    audit: { record: (user: string, action: string) => audit.push(`${user} ${action}`) },
    logger: createLogger({ name: "console-test", level: "silent" }),
    cancelFlow: async ({ instanceId }: { instanceId: string }) => void cancels.push(instanceId),
    requestReport: async (dispatch: unknown) => void reportRequests.push(dispatch),
    now: Date.now,
  } as unknown as AppDeps;
  server = createConsoleApp(settings, deps).listen(0, "127.0.0.1");
  await new Promise((r) => server!.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, audit, cancels, reportRequests };
}

const html = { accept: "text/html" };

async function signIn(base: string, password: string) {
  return fetch(`${base}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ user: "alice", password, next: "/flow/i-1" }) });
}

describe("the console's sign-in and actions", () => {
  it("sends a page request without a session to the sign-in page, refuses a wrong password, and audits both outcomes", async () => {
    const { base, audit } = await start("login");
    const page = await fetch(`${base}/flow/i-1`, { headers: html, redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fflow%2Fi-1");
    expect((await signIn(base, "wrong")).status).toBe(401);
    const ok = await signIn(base, "right");
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/flow/i-1");
    expect(ok.headers.get("set-cookie")).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    expect(audit).toEqual(["alice login-failed", "alice login"]);
  });

  it("does not redirect to another site after sign-in", async () => {
    const { base } = await start("login");
    const response = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ user: "alice", password: "right", next: "//evil.example/" }),
    });
    expect(response.headers.get("location")).toBe("/");
  });

  it("acts only on a POST with the session's CSRF token, and writes who did it to the audit log", async () => {
    const { base, audit, cancels } = await start("login");
    const cookie = (await signIn(base, "right")).headers.get("set-cookie")!.split(";")[0]!;
    const page = await (await fetch(`${base}/flow/i-1`, { headers: { ...html, cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const without = await fetch(`${base}/flow/i-1/cancel`, { method: "POST", headers: { cookie }, body: new URLSearchParams({ reason: "x" }) });
    expect(without.status).toBe(403);
    const forged = await fetch(`${base}/flow/i-1/cancel`, { method: "POST", headers: { cookie }, body: new URLSearchParams({ _csrf: `${csrf}x` }) });
    expect(forged.status).toBe(403);
    expect(cancels).toEqual([]);
    const done = await fetch(`${base}/flow/i-1/cancel`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf },
      body: new URLSearchParams({ reason: "x" }),
    });
    expect(done.status).toBe(200);
    expect(cancels).toEqual(["i-1"]);
    expect(audit.at(-1)).toBe("alice cancel-flow");
  });

  it("re-requests a step's report through a report-request dispatch carrying its refkey and messagekey", async () => {
    const { base, audit, reportRequests } = await start("header");
    const headers = { "x-forwarded-user": "bob" };
    const page = await (await fetch(`${base}/flow/i-1`, { headers: { ...html, ...headers } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const response = await fetch(`${base}/flow/i-1/report-request`, { method: "POST", headers, body: new URLSearchParams({ _csrf: csrf, step: "0" }) });
    expect(response.status).toBe(200);
    expect(reportRequests).toEqual([
      {
        kind: "report-request",
        phone: PHONE,
        refkey: "i-1-0-2",
        instanceId: "i-1",
        flow: "teacher-onboarding",
        step: 0,
        attempt: 2,
        messagekey: "mk-1",
        createdAt: expect.any(Number),
      },
    ]);
    expect(audit).toEqual(["bob request-report"]);
    const noKey = await fetch(`${base}/flow/i-1/report-request`, { method: "POST", headers, body: new URLSearchParams({ _csrf: csrf, step: "1" }) });
    expect(noKey.status).toBe(409);
  });

  it("with a trusted header, takes the user the ingress names and refuses a request without it", async () => {
    const { base } = await start("header");
    expect((await fetch(`${base}/flow/i-1`, { headers: html })).status).toBe(401);
    const page = await fetch(`${base}/flow/i-1`, { headers: { ...html, "x-forwarded-user": "bob" } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("bob · sign out");
    expect(text).toContain("010-****-5678");
    expect(text).not.toContain(PHONE);
  });
});
