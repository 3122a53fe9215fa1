import { describe, expect, it } from "vitest";
import { CatalogError, loadCatalog, parseCatalog } from "./index.js";

const env = { BIZPPURIO_SENDER_KEY: "sender-key-1" };

const GOOD = `
from: "02-1234-5678"
senderKey: "\${BIZPPURIO_SENDER_KEY}"
flows:
  teacher-onboarding:
    steps:
      - name: counsel-start
        template: COUNSEL_START
        text: "#{name} 선생님, 상담을 시작합니다."
        buttons: [{ name: 상담 안내, type: WL, url_mobile: "https://y.example/c/#{teacherId}", url_pc: "https://y.example/c" }]
        await: accepted
        timeout: 90s
        onTimeout: continue
        fallback: { type: lms, text: "#{name} 선생님, 상담 안내", subject: "[Y-EDU] 상담" }
      - name: photo-submit
        template: PHOTO_SUBMIT
        text: "#{name} 선생님, 사진과 영상을 제출해 주세요."
        delay: 2m
  notice:
    lane: none
    steps:
      - { name: only, template: NOTICE, text: "공지입니다" }
`;

/** The problems of a catalog that must fail. */
function problemsOf(yamlText: string, environment: Record<string, string | undefined> = env): string[] {
  try {
    parseCatalog(yamlText, environment);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as CatalogError).retriable).toBe(false);
    return (err as CatalogError).problems;
  }
  throw new Error("the catalog was accepted");
}

/** GOOD with one step field of the first step replaced (or added). */
const withStepField = (field: string, yamlValue: string): string => {
  const lines = GOOD.split("\n");
  const at = lines.findIndex((l) => l.replace("- ", "  ").startsWith(`        ${field}:`));
  const line = `${field === "name" ? "      - " : "        "}${field}: ${yamlValue}`;
  if (at >= 0 && at < lines.findIndex((l) => l.includes("name: photo-submit"))) lines[at] = line;
  else lines.splice(lines.findIndex((l) => l.includes("template: COUNSEL_START")) + 1, 0, line);
  return lines.join("\n");
};

describe("parseCatalog", () => {
  it("reads a valid catalog with its defaults", () => {
    const catalog = parseCatalog(GOOD, env);
    expect(catalog.from).toBe("0212345678");
    expect(catalog.senderKey).toBe("sender-key-1");
    expect([...catalog.flows.keys()]).toEqual(["teacher-onboarding", "notice"]);

    const onboarding = catalog.flows.get("teacher-onboarding")!;
    expect(onboarding.lane).toBe("recipient");
    expect(onboarding.variables).toEqual(["name", "teacherId"]);
    expect(onboarding.steps[0]).toEqual({
      name: "counsel-start",
      channel: "at",
      template: "COUNSEL_START",
      text: "#{name} 선생님, 상담을 시작합니다.",
      buttons: [{ name: "상담 안내", type: "WL", url_mobile: "https://y.example/c/#{teacherId}", url_pc: "https://y.example/c" }],
      await: "accepted",
      timeoutMs: 90_000,
      onTimeout: "continue",
      delayMs: 0,
      fallback: { type: "lms", text: "#{name} 선생님, 상담 안내", subject: "[Y-EDU] 상담" },
    });
    expect(onboarding.steps[1]).toEqual({
      name: "photo-submit",
      channel: "at",
      template: "PHOTO_SUBMIT",
      text: "#{name} 선생님, 사진과 영상을 제출해 주세요.",
      await: "delivered",
      timeoutMs: 600_000,
      onTimeout: "halt",
      delayMs: 120_000,
    });
    expect(catalog.flows.get("notice")).toMatchObject({ lane: "none", variables: [] });
  });

  it("reads the same catalog written as JSON", () => {
    const json = JSON.stringify({
      from: "+82 2 1234 5678",
      senderKey: "${BIZPPURIO_SENDER_KEY}",
      flows: { a: { steps: [{ name: "s", template: "T", text: "#{x}", timeout: 1000 }] } },
    });
    const catalog = parseCatalog(json, env);
    expect(catalog.from).toBe("0212345678");
    expect(catalog.flows.get("a")!.steps[0]!.timeoutMs).toBe(1000);
  });

  it.each([
    ["name", '"Counsel_Start"', "flows.teacher-onboarding.steps[0].name: step name"],
    ["template", '""', "flows.teacher-onboarding.steps[0].template: must not be empty"],
    ["template", `"${"T".repeat(31)}"`, "flows.teacher-onboarding.steps[0].template: a template code has at most 30"],
    ["template", "12345", "flows.teacher-onboarding.steps[0].template: must be text, got number 12345 (put it in quotes)"],
    ["text", `"${"가".repeat(1001)}"`, "flows.teacher-onboarding.steps[0].text: at most 1000 characters, got 1001"],
    ["text", '"#{ name } 선생님"', "flows.teacher-onboarding.steps[0].text: placeholder #{ name } is not a valid name"],
    ["text", '"#{이름} 선생님"', "flows.teacher-onboarding.steps[0].text: placeholder #{이름} is not a valid name"],
    ["text", '"#{name 선생님"', 'flows.teacher-onboarding.steps[0].text: "#{" without a closing "}"'],
    ["await", "read", "flows.teacher-onboarding.steps[0].await: must be delivered or accepted"],
    ["timeout", "500ms", 'flows.teacher-onboarding.steps[0].timeout: must be between 1s and 24h, got "500ms"'],
    ["timeout", "25h", 'flows.teacher-onboarding.steps[0].timeout: must be between 1s and 24h, got "25h"'],
    ["timeout", "soon", 'flows.teacher-onboarding.steps[0].timeout: "soon" is not a duration'],
    ["onTimeout", "retry", "flows.teacher-onboarding.steps[0].onTimeout: must be halt or continue"],
    ["delay", "2d", 'flows.teacher-onboarding.steps[0].delay: must be between 0s and 24h, got "2d"'],
    ["timout", "10m", 'flows.teacher-onboarding.steps[0]: unknown field "timout" (known: name, template, text,'],
    ["buttons", `[${Array(6).fill("{ name: b, type: BK }").join(", ")}]`, "flows.teacher-onboarding.steps[0].buttons: at most 5 buttons"],
    ["buttons", `[{ name: "${"버".repeat(29)}", type: BK }]`, "flows.teacher-onboarding.steps[0].buttons[0].name: a button name has at most 28"],
    ["buttons", "[{ name: b, type: XX }]", "flows.teacher-onboarding.steps[0].buttons[0].type:"],
    ["buttons", "[{ name: b, type: WL }]", "flows.teacher-onboarding.steps[0].buttons[0].url_mobile: a WL (web link) button needs url_mobile"],
    [
      "buttons",
      '[{ name: b, type: AL, scheme_ios: "app://x" }]',
      "flows.teacher-onboarding.steps[0].buttons[0]: an AL (app link) button needs two of url_mobile",
    ],
    ["buttons", "[{ name: b, type: BK, url: x }]", 'flows.teacher-onboarding.steps[0].buttons[0]: unknown field "url"'],
    ["fallback", "{ type: mms, text: x }", "flows.teacher-onboarding.steps[0].fallback.type: must be sms or lms"],
    ["fallback", `{ type: lms, text: "${"a".repeat(2001)}" }`, "flows.teacher-onboarding.steps[0].fallback.text: at most 2000 characters"],
    ["fallback", "{ type: sms, text: x, subject: s }", "flows.teacher-onboarding.steps[0].fallback.subject: an sms has no subject"],
    [
      "fallback",
      `{ type: sms, text: "#{name} ${"가".repeat(46)}" }`,
      "flows.teacher-onboarding.steps[0].fallback.text: an sms holds 90 bytes (EUC-KR) and this text has 93",
    ],
  ])("points at the field: %s: %s", (field, value, expected) => {
    const problems = problemsOf(withStepField(field, value));
    expect(problems).toEqual([expect.stringContaining(expected)]);
  });

  it("adds the line of the problem", () => {
    const problems = problemsOf(withStepField("timeout", "25h"));
    const line =
      withStepField("timeout", "25h")
        .split("\n")
        .findIndex((l) => l.includes("timeout: 25h")) + 1;
    expect(problems[0]).toMatch(new RegExp(`\\(line ${line}\\)$`));
  });

  it("lists every problem at once, in file order", () => {
    const problems = problemsOf(`
from: "123"
senderKey: ""
flows:
  Bad_Name:
    steps: []
  ok:
    lane: sideways
    steps:
      - { name: a, template: T, text: x }
      - { name: a, template: T, text: y }
      - { template: T, text: z }
`);
    expect(problems).toEqual([
      expect.stringMatching(/^from: not a sender number: (too short|unknown prefix 123) \(line 2\)$/),
      "senderKey: must not be empty (line 3)",
      expect.stringMatching(/^flows\.Bad_Name: flow name: lowercase letters.* \(line 5\)$/),
      "flows.Bad_Name.steps: a flow needs at least one step (line 6)",
      "flows.ok.lane: must be recipient or none (line 8)",
      'flows.ok.steps[1].name: duplicate step name "a" (also steps[0]) (line 11)',
      "flows.ok.steps[2].name: required (line 12)",
    ]);
  });

  it("rejects a sender number YAML read as a number, telling to quote it", () => {
    expect(problemsOf(GOOD.replace('"02-1234-5678"', "0212345678"))).toEqual(["from: must be text, got number 212345678 (put it in quotes) (line 2)"]);
  });

  it("rejects a catalog without flows, an empty file and a list", () => {
    expect(problemsOf('from: "0212345678"\nsenderKey: k\nflows: {}\n')).toEqual(["flows: the catalog declares no flows (line 3)"]);
    expect(problemsOf("")).toEqual(["(catalog): must be a map of fields, got nothing (null)"]);
    expect(problemsOf("- a\n- b\n")).toEqual(["(catalog): must be a map of fields, got a list (line 1)"]);
  });

  it("reports YAML syntax errors and duplicate flow names with their line", () => {
    expect(problemsOf(GOOD.replace("  notice:", "  teacher-onboarding:"))).toEqual([expect.stringMatching(/^Map keys must be unique at line \d+, column 3:$/)]);
    expect(problemsOf('from: "0212345678"\nflows: [a\n')[0]).toMatch(/at line \d+, column \d+:$/);
  });

  it("reports a self-referencing alias and a bad merge instead of crashing", () => {
    expect(problemsOf(GOOD.replace("lane: none", "lane: &self [*self]"))).toContain("flows.notice.lane[0]: a YAML alias that contains itself (line 20)");
    expect(problemsOf(GOOD.replace("lane: none", "<<: 5"))).toEqual(["Merge sources must be maps or map aliases"]);
  });

  it("shares settings through YAML anchors and merge keys", () => {
    const catalog = parseCatalog(
      `
from: "0212345678"
senderKey: k
flows:
  a:
    steps:
      - &slow { name: one, template: T, text: x, timeout: 1h }
      - { <<: *slow, name: two }
`,
      {},
    );
    expect(catalog.flows.get("a")!.steps.map((s) => [s.name, s.timeoutMs])).toEqual([
      ["one", 3_600_000],
      ["two", 3_600_000],
    ]);
  });
});

describe("environment interpolation", () => {
  it("replaces ${NAME} in any string value before validation", () => {
    const catalog = parseCatalog(GOOD.replace('"https://y.example/c"', '"${WEB}/c"'), { ...env, WEB: "https://web.example" });
    expect(catalog.flows.get("teacher-onboarding")!.steps[0]!.buttons![0]!.url_pc).toBe("https://web.example/c");
  });

  it("lists a missing variable as a problem at the field, without hiding other problems", () => {
    const problems = problemsOf(GOOD.replace("timeout: 90s", "timeout: 90 years"), {});
    expect(problems).toEqual([
      "senderKey: environment variable BIZPPURIO_SENDER_KEY is not set (line 3)",
      expect.stringContaining("flows.teacher-onboarding.steps[0].timeout: "),
    ]);
  });

  it("validates the interpolated value and never shows it", () => {
    const problems = problemsOf(GOOD, { BIZPPURIO_SENDER_KEY: "" });
    expect(problems).toEqual(["senderKey: must not be empty (line 3)"]);
  });
});

const WINDOWED = `
from: "02-1234-5678"
senderKey: k
window: { from: "08:00", to: "21:00" }
flows:
  promo:
    maxStartDelay: 2h
    maxDuration: 1d
    steps:
      - { name: spring-sale, type: ft, template: SPRING, text: "(광고) 봄 할인", window: { from: "09:00", to: "20:00", latestStart: "19:45", timezone: UTC, days: [sat, mon] } }
      - { name: reminder, template: REMIND, text: "내일 수업", window: none }
  plain:
    window: { from: "22:00", to: "06:00", days: [fri] }
    steps:
      - { name: only, template: T, text: "t" }
`;

describe("send windows and start limits in the catalog", () => {
  it("resolves each step's window: its own, else its flow's, else the catalog's; none drops it", () => {
    const catalog = parseCatalog(WINDOWED, env);
    const promo = catalog.flows.get("promo")!;
    expect(promo).toMatchObject({ maxStartDelayMs: 7_200_000, maxDurationMs: 86_400_000 });
    expect(promo.steps[0]).toMatchObject({
      channel: "ft",
      window: { from: "09:00", to: "20:00", latestStart: "19:45", timeZone: "UTC", days: ["mon", "sat"] },
    });
    expect(promo.steps[1]!.window).toBeUndefined();
    expect(catalog.flows.get("plain")!.steps[0]!.window).toEqual({ from: "22:00", to: "06:00", timeZone: "Asia/Seoul", days: ["fri"] });
    expect(catalog.flows.get("plain")!.maxStartDelayMs).toBeUndefined();
  });

  it("refuses a FriendTalk step without a window, naming the flow, the step and the law", () => {
    const problems = problemsOf(WINDOWED.replace('window: { from: "08:00", to: "21:00" }\n', "").replace(/, window: \{ from: "09:00"[^}]*\}/, ""));
    expect(problems).toEqual([
      expect.stringMatching(/^flows\.promo\.steps\[0\]\.window: step "spring-sale" of flow "promo" is FriendTalk .*정보통신망법 §50③.* \(line 9\)$/),
    ]);
    expect(problemsOf(WINDOWED.replace(/window: \{ from: "09:00"[^}]*\}/, "window: none"))).toEqual([
      expect.stringContaining('flows.promo.steps[0].window: step "spring-sale" of flow "promo" is FriendTalk'),
    ]);
  });

  it("says what is wrong with a window", () => {
    const plain = (window: string) => problemsOf(WINDOWED.replace('{ from: "22:00", to: "06:00", days: [fri] }', window));
    expect(plain('{ from: "8:00", to: "21:00" }')).toEqual([
      expect.stringContaining('flows.plain.window.from: must be a time of day like 08:00 or 20:30:00, got "8:00"'),
    ]);
    expect(plain('{ from: "08:00", to: "08:00" }')).toEqual([expect.stringContaining("flows.plain.window.to: must differ from from")]);
    expect(plain('{ from: "08:00", to: "21:00", latestStart: "21:30" }')).toEqual([
      expect.stringContaining("flows.plain.window.latestStart: must lie after from (08:00) and not after to (21:00)"),
    ]);
    const spanning = parseCatalog(WINDOWED.replace("days: [fri] }", 'latestStart: "05:30" }'), env);
    expect(spanning.flows.get("plain")!.steps[0]!.window).toMatchObject({ from: "22:00", to: "06:00", latestStart: "05:30" });
    expect(plain('{ from: "08:00", to: "21:00", timezone: Asia/Busan }')).toEqual([expect.stringContaining('unknown time zone "Asia/Busan"')]);
    expect(plain('{ from: "08:00", to: "21:00", days: [monday] }')).toEqual([expect.stringContaining("a day is one of sun, mon, tue, wed, thu, fri, sat")]);
    expect(plain('{ from: "08:00", to: "21:00", days: [] }')).toEqual([expect.stringContaining("a window needs at least one day")]);
    expect(plain("always")).toEqual([expect.stringContaining("must be a window { from, to, latestStart?, timezone?, days? } or none")]);
    expect(problemsOf(WINDOWED.replace("maxStartDelay: 2h", "maxStartDelay: 31d"))).toEqual([
      expect.stringContaining("flows.promo.maxStartDelay: must be between 1s and 30d"),
    ]);
  });
});

describe("loadCatalog", () => {
  it("parses examples/flows.yaml", () => {
    const catalog = loadCatalog(new URL("../../../examples/flows.yaml", import.meta.url).pathname, env);
    expect([...catalog.flows.keys()]).toEqual(["teacher-onboarding", "parent-application", "lesson-notice", "spring-promotion", "lesson-reminder"]);
    expect(catalog.flows.get("spring-promotion")!.steps[0]).toMatchObject({ channel: "ft", window: { latestStart: "19:30", timeZone: "Asia/Seoul" } });
    expect(catalog.flows.get("lesson-reminder")).toMatchObject({ maxStartDelayMs: 7_200_000, steps: [{ window: { from: "08:00", to: "21:00" } }] });
    expect(catalog.flows.get("teacher-onboarding")!.steps.map((s) => s.name)).toEqual(["counsel-start", "photo-submit"]);
    expect(catalog.flows.get("lesson-notice")!.steps).toHaveLength(3);
    expect([...catalog.flows.values()].some((f) => f.steps.some((s) => s.fallback))).toBe(true);
  });

  it("requires BIZPPURIO_SENDER_KEY for examples/flows.yaml", () => {
    const path = new URL("../../../examples/flows.yaml", import.meta.url).pathname;
    expect(() => loadCatalog(path, {})).toThrow(/flows\.yaml:\n {2}- senderKey: environment variable BIZPPURIO_SENDER_KEY is not set/);
  });

  it("names the file it cannot read", () => {
    expect(() => loadCatalog("/nonexistent/flows.yaml", env)).toThrow(/invalid flow catalog \/nonexistent\/flows\.yaml:\n {2}- cannot read the file: ENOENT/);
  });
});
