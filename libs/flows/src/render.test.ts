import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { euckrByteLength } from "@sunseo/contracts";
import { InvalidVariablesError, MissingVariablesError, UnknownFlowError, findFlow, missingVariables, parseCatalog, renderFlow } from "./index.js";

const catalog = parseCatalog(
  `
from: "1588-1234"
senderKey: key-1
flows:
  teacher-onboarding:
    steps:
      - name: counsel-start
        template: COUNSEL_START
        text: "#{name} 선생님, 상담을 시작합니다. #{name} 선생님 화이팅!"
        buttons:
          - { name: 상담 안내, type: WL, url_mobile: "https://y.example/m/#{teacherId}", url_pc: "https://y.example/pc?t=#{teacherId}" }
          - { name: 문의, type: BK }
        fallback: { type: lms, subject: "#{name} 선생님 안내", text: "#{name} 선생님, 상담 안내입니다." }
      - name: photo-submit
        template: PHOTO_SUBMIT
        text: "사진과 영상을 제출해 주세요."
        await: accepted
        timeout: 5m
        onTimeout: continue
        delay: 3s
        fallback: { type: sms, text: "#{name}님 사진 제출" }
`,
  {},
);
const flow = catalog.flows.get("teacher-onboarding")!;

describe("renderFlow", () => {
  it("fills text, button urls and the fallback, and copies the step settings", () => {
    const steps = renderFlow(catalog, flow, { name: "김하늘", teacherId: "t-42", unused: "x" });
    expect(steps).toEqual([
      {
        name: "counsel-start",
        await: "delivered",
        timeoutMs: 600_000,
        onTimeout: "halt",
        delayMs: 0,
        message: {
          from: "15881234",
          senderKey: "key-1",
          templateCode: "COUNSEL_START",
          text: "김하늘 선생님, 상담을 시작합니다. 김하늘 선생님 화이팅!",
          buttons: [
            { name: "상담 안내", type: "WL", url_mobile: "https://y.example/m/t-42", url_pc: "https://y.example/pc?t=t-42" },
            { name: "문의", type: "BK" },
          ],
          fallback: { type: "lms", subject: "김하늘 선생님 안내", text: "김하늘 선생님, 상담 안내입니다." },
        },
      },
      {
        name: "photo-submit",
        await: "accepted",
        timeoutMs: 300_000,
        onTimeout: "continue",
        delayMs: 3_000,
        message: {
          from: "15881234",
          senderKey: "key-1",
          templateCode: "PHOTO_SUBMIT",
          text: "사진과 영상을 제출해 주세요.",
          fallback: { type: "sms", text: "김하늘님 사진 제출" },
        },
      },
    ]);
  });

  it("leaves the catalog untouched", () => {
    renderFlow(catalog, flow, { name: "a", teacherId: "b" });
    expect(flow.steps[0]!.buttons![0]!.url_mobile).toBe("https://y.example/m/#{teacherId}");
  });

  it("refuses missing variables, naming them all", () => {
    expect(missingVariables(flow, { name: "a" })).toEqual(["teacherId"]);
    expect(missingVariables(flow, { name: "a", teacherId: "" })).toEqual([]);
    const error = catchError(() => renderFlow(catalog, flow, {}));
    expect(error).toBeInstanceOf(MissingVariablesError);
    expect(error).toMatchObject({ code: "MISSING_VARIABLES", flow: "teacher-onboarding", missing: ["name", "teacherId"], retriable: false });
  });

  it("does not take inherited object properties for variables", () => {
    const strange = parseCatalog('from: "0212345678"\nsenderKey: k\nflows:\n  f:\n    steps: [{ name: s, template: T, text: "#{constructor}" }]\n', {});
    expect(missingVariables(strange.flows.get("f")!, {})).toEqual(["constructor"]);
  });

  it("refuses a value that would leave a placeholder behind", () => {
    const error = catchError(() => renderFlow(catalog, flow, { name: "#{teacherId}", teacherId: "t" }));
    expect(error).toBeInstanceOf(InvalidVariablesError);
    expect((error as InvalidVariablesError).problems).toEqual(['variables.name: must not contain "#{"']);
  });

  it("refuses values that make a rendered message too long, naming step and field", () => {
    const error = catchError(() => renderFlow(catalog, flow, { name: "가".repeat(500), teacherId: "t" }));
    expect(error).toBeInstanceOf(InvalidVariablesError);
    expect((error as InvalidVariablesError).problems).toEqual([
      expect.stringMatching(/^steps\[0\] \(counsel-start\) message\.text: .*1000/),
      expect.stringMatching(/^steps\[0\] \(counsel-start\) message\.fallback\.subject: .*60/),
      `steps[1] (photo-submit) message.fallback.text: ${euckrByteLength(`${"가".repeat(500)}님 사진 제출`)} bytes (EUC-KR), an sms holds 90`,
    ]);
  });

  it("never leaves a placeholder and keeps every value verbatim (property)", () => {
    const value = fc.string({ maxLength: 30, unit: "grapheme" }).filter((s) => !s.includes("#{"));
    fc.assert(
      fc.property(value, value, (name, teacherId) => {
        const steps = renderFlow(catalog, flow, { name, teacherId });
        const texts = steps.flatMap((s) => [s.message.text, s.message.fallback?.text, ...(s.message.buttons ?? []).map((b) => b.url_mobile)]);
        for (const t of texts) if (t !== undefined) expect(t).not.toContain("#{");
        expect(steps[0]!.message.text).toBe(`${name} 선생님, 상담을 시작합니다. ${name} 선생님 화이팅!`);
      }),
    );
  });
});

describe("findFlow", () => {
  it("throws UnknownFlowError naming the known flows", () => {
    expect(findFlow(catalog, "teacher-onboarding")).toBe(flow);
    const error = catchError(() => findFlow(catalog, "nope"));
    expect(error).toBeInstanceOf(UnknownFlowError);
    expect(error).toMatchObject({ code: "UNKNOWN_FLOW", flow: "nope", known: ["teacher-onboarding"] });
    expect((error as Error).message).toBe('unknown flow "nope" (the catalog has: teacher-onboarding)');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}
