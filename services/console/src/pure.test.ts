import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gatewayFigures } from "./health.js";
import { html } from "./pages/html.js";
import { phoneRefs } from "./phone-ref.js";
import { classifyQuery } from "./search.js";
import { formatGap, formatTime } from "./time.js";

describe("classifyQuery", () => {
  it("takes a phone in any form", () => {
    for (const text of ["010-1234-5678", "01012345678", " +82 10 1234 5678 ", "010 1234 5678"]) {
      expect(classifyQuery(text)).toEqual({ kind: "phone", phone: "01012345678" });
    }
  });

  it("takes a refkey with its instance, and anything else as a key", () => {
    expect(classifyQuery("UCb8evd3Fdehi20GaAsR-0-1")).toEqual({ kind: "refkey", key: "UCb8evd3Fdehi20GaAsR-0-1", instanceId: "UCb8evd3Fdehi20GaAsR" });
    expect(classifyQuery("signup-7")).toEqual({ kind: "key", key: "signup-7" });
    expect(classifyQuery("261128035105684#at000001sim")).toEqual({ kind: "key", key: "261128035105684#at000001sim" });
    expect(classifyQuery("   ")).toEqual({ kind: "empty" });
  });
});

describe("html", () => {
  it("escapes every interpolated string, keeps nested templates as markup", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const inner = html`${text}`.text;
        expect(inner).not.toMatch(/[<>"']/);
        const decoded = inner.replace(/&(lt|gt|quot|#39|amp);/g, (_m, name: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[name]!);
        expect(decoded).toBe(text);
      }),
    );
    expect(html`<div>${html`<b>${"<i>"}</b>`}</div>`.text).toBe("<div><b>&lt;i&gt;</b></div>");
  });
});

describe("phone references", () => {
  it("round-trips a phone without showing it, and refuses what another secret made", () => {
    const refs = phoneRefs("secret-one-secret-one-secret-one-xx");
    const ref = refs.toRef("01012345678");
    expect(ref).not.toContain("5678");
    expect(refs.fromRef(ref)).toBe("01012345678");
    expect(phoneRefs("secret-two-secret-two-secret-two-xx").fromRef(ref)).toBeUndefined();
    expect(refs.fromRef("garbage")).toBeUndefined();
  });
});

describe("times", () => {
  it("shows KST by default and UTC on request, to the millisecond", () => {
    const at = Date.UTC(2026, 10, 27, 18, 4, 5, 67);
    expect(formatTime(at, "kst")).toBe("2026-11-28 03:04:05.067 KST");
    expect(formatTime(at, "utc")).toBe("2026-11-27 18:04:05.067 UTC");
    expect(formatGap(340)).toBe("340 ms");
    expect(formatGap(1_250)).toBe("1.3 s");
    expect(formatGap(185_000)).toBe("3 m 05 s");
  });
});

describe("gatewayFigures", () => {
  it("reads requests, mean latency and error rate from the dispatcher's histogram", () => {
    const text = [
      'sunseo_dispatcher_gateway_request_seconds_sum{endpoint="message",status="200"} 3',
      'sunseo_dispatcher_gateway_request_seconds_count{endpoint="message",status="200"} 90',
      'sunseo_dispatcher_gateway_request_seconds_sum{endpoint="message",status="500"} 1',
      'sunseo_dispatcher_gateway_request_seconds_count{endpoint="message",status="500"} 10',
      "sunseo_dispatcher_token_refreshes_total 2",
    ].join("\n");
    expect(gatewayFigures(text)).toEqual({ requests: 100, meanMs: 40, errorRate: 0.1, tokenRefreshes: 2 });
    expect(gatewayFigures("other_metric 1")).toBeUndefined();
  });
});
