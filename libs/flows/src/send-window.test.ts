import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WEEKDAYS, closesAt, describeWindow, isOpen, isTimeZone, nextOpening, secondsOfDay, type SendWindow, type Weekday } from "./send-window.js";

/**
 * The window arithmetic against an oracle written another way: the wall clock read from
 * Intl's weekday/hour/minute fields (not from an offset), and the next opening found by
 * scanning minute by minute. Zones with daylight saving time (New York, London, Lord Howe's
 * half hour) and odd offsets (Kathmandu +05:45) cover gaps and folds Seoul never has.
 */

const ZONES = ["Asia/Seoul", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const oracleFormats = new Map<string, Intl.DateTimeFormat>();
function oracleClock(instant: number, zone: string): { weekday: number; second: number } {
  let f = oracleFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    oracleFormats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS.indexOf(parts.weekday!.toLowerCase().slice(0, 3) as Weekday),
    second: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

function oracleOpen(w: SendWindow, instant: number): boolean {
  const open = secondsOfDay(w.from)!;
  let close = secondsOfDay(w.latestStart ?? w.to)!;
  if (close <= open) close += 86_400;
  const { weekday, second } = oracleClock(instant, w.timeZone);
  const opensOn = (d: number) => w.days.includes(WEEKDAYS[(d + 7) % 7]!);
  return (opensOn(weekday) && second >= open && second < close) || (opensOn(weekday - 1) && second + 86_400 >= open && second + 86_400 < close);
}

/** The first open instant at or after now, scanning whole minutes (windows in these tests are on whole minutes). */
function oracleNext(w: SendWindow, now: number): number {
  if (oracleOpen(w, now)) return now;
  for (let t = Math.ceil(now / MINUTE) * MINUTE; t < now + 9 * 24 * HOUR; t += MINUTE) if (oracleOpen(w, t)) return t;
  throw new Error("never opens");
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const ALL_DAYS: Weekday[] = [...WEEKDAYS];

const windowArb: fc.Arbitrary<SendWindow> = fc
  .record({
    from: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1439 }),
    margin: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    zone: fc.constantFrom(...ZONES),
    days: fc.subarray(ALL_DAYS, { minLength: 1 }),
  })
  .map(({ from, length, margin, zone, days }) => {
    const to = (from + length) % 1440;
    const latest = margin === undefined || margin >= length ? undefined : (from + length - margin) % 1440;
    return {
      from: hhmm(from),
      to: to === 0 && from === 0 ? "24:00" : hhmm(to),
      ...(latest === undefined ? {} : { latestStart: hhmm(latest) }),
      timeZone: zone,
      days,
    };
  });

// 2000-01-01 .. 2040-01-01, to the second; some exactly on a minute so the boundaries are hit.
const clockArb = fc.oneof(
  fc.integer({ min: 946_684_800, max: 2_208_988_800 }).map((s) => s * 1_000),
  fc.integer({ min: 15_778_080, max: 36_816_480 }).map((m) => m * MINUTE),
);

const seoul = (days: Weekday[] = ALL_DAYS): SendWindow => ({ from: "08:00", to: "21:00", timeZone: "Asia/Seoul", days });
const at = (iso: string) => Date.parse(iso);

describe("send windows", () => {
  it("reads times of day, 24:00 included, and refuses anything else", () => {
    expect(secondsOfDay("08:00")).toBe(28_800);
    expect(secondsOfDay("20:59:30")).toBe(75_570);
    expect(secondsOfDay("24:00")).toBe(86_400);
    for (const bad of ["8:00", "24:01", "25:00", "12:60", "12:00:60", "noon", ""]) expect(secondsOfDay(bad), bad).toBeUndefined();
    expect(isTimeZone("Asia/Seoul")).toBe(true);
    expect(isTimeZone("Asia/Busan")).toBe(false);
  });

  it("holds a Seoul 08:00-21:00 window at its boundaries (KST is UTC+9)", () => {
    const w = seoul();
    expect(isOpen(w, at("2026-11-27T23:00:00Z"))).toBe(true); // 08:00:00 Saturday
    expect(isOpen(w, at("2026-11-27T22:59:59Z"))).toBe(false); // 07:59:59
    expect(isOpen(w, at("2026-11-27T11:59:59Z"))).toBe(true); // 20:59:59
    expect(isOpen(w, at("2026-11-27T12:00:00Z"))).toBe(false); // 21:00:00
    expect(nextOpening(w, at("2026-11-27T18:12:00Z"))).toBe(at("2026-11-27T23:00:00Z")); // 03:12 -> 08:00
    expect(nextOpening(w, at("2026-11-27T12:00:00Z"))).toBe(at("2026-11-27T23:00:00Z"));
    expect(nextOpening(w, at("2026-11-27T05:00:00Z"))).toBe(at("2026-11-27T05:00:00Z")); // open: now
  });

  it("skips the days the window does not open on", () => {
    // Saturday 2026-11-28 22:00 KST, Monday-to-Friday window: next is Monday 08:00 KST.
    const w = seoul(["mon", "tue", "wed", "thu", "fri"]);
    expect(nextOpening(w, at("2026-11-28T13:00:00Z"))).toBe(at("2026-11-29T23:00:00Z"));
  });

  it("keeps a window that spans midnight open into the next day, named by the day it opens", () => {
    const w: SendWindow = { from: "22:00", to: "06:00", timeZone: "Asia/Seoul", days: ["fri"] };
    expect(isOpen(w, at("2026-11-27T13:00:00Z"))).toBe(true); // Fri 22:00
    expect(isOpen(w, at("2026-11-27T20:59:59Z"))).toBe(true); // Sat 05:59:59
    expect(isOpen(w, at("2026-11-27T21:00:00Z"))).toBe(false); // Sat 06:00
    expect(isOpen(w, at("2026-11-28T13:00:00Z"))).toBe(false); // Sat 22:00: not a window day
    expect(nextOpening(w, at("2026-11-27T21:00:00Z"))).toBe(at("2026-12-04T13:00:00Z")); // next Friday 22:00
  });

  it("stops releasing at latestStart, leaving room before the window's end", () => {
    const w: SendWindow = { ...seoul(), latestStart: "20:30" };
    expect(isOpen(w, at("2026-11-27T11:29:59Z"))).toBe(true);
    expect(isOpen(w, at("2026-11-27T11:30:00Z"))).toBe(false);
    expect(describeWindow(w)).toBe("08:00-21:00 (last start 20:30) Asia/Seoul every day");
  });

  it("opens at the end of a daylight-saving gap when its opening time was skipped", () => {
    // New York, 2026-03-08: 02:00 jumps to 03:00. A 02:30 window opens at 03:00 EDT (07:00Z).
    const w: SendWindow = { from: "02:30", to: "04:00", timeZone: "America/New_York", days: ALL_DAYS };
    expect(nextOpening(w, at("2026-03-08T06:00:00Z"))).toBe(at("2026-03-08T07:00:00Z"));
    // Set back (2026-11-01, 02:00 EDT -> 01:00 EST): 01:30 happens twice; the first one counts.
    const fold: SendWindow = { from: "01:30", to: "01:45", timeZone: "America/New_York", days: ALL_DAYS };
    expect(nextOpening(fold, at("2026-11-01T04:00:00Z"))).toBe(at("2026-11-01T05:30:00Z"));
    expect(nextOpening(fold, at("2026-11-01T05:50:00Z"))).toBe(at("2026-11-01T06:30:00Z"));
  });

  it("agrees with the oracle on whether a random instant is open", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(windowArb, clockArb, (w, now) => {
        expect(isOpen(w, now)).toBe(oracleOpen(w, now));
      }),
      { numRuns: 2_000 },
    );
  });

  it("finds an open instant at or after any clock, closed just before it and at every sampled point in between", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(windowArb, clockArb, (w, now) => {
        const next = nextOpening(w, now);
        const label = `${describeWindow(w)} from ${new Date(now).toISOString()} to ${new Date(next).toISOString()}`;
        expect(next).toBeGreaterThanOrEqual(now);
        expect(next - now).toBeLessThanOrEqual(8 * 24 * HOUR);
        expect(oracleOpen(w, next), label).toBe(true);
        if (next > now) expect(oracleOpen(w, next - 1_000), label).toBe(false);
        for (let i = 0; i < 100 && next > now; i++) expect(oracleOpen(w, now + Math.floor(((next - now) * i) / 100)), label).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("finds exactly the first open minute a minute-by-minute scan finds", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(windowArb, clockArb, (w, now) => {
        expect(nextOpening(w, now), `${describeWindow(w)} from ${new Date(now).toISOString()}`).toBe(oracleNext(w, now));
      }),
      { numRuns: 100 },
    );
  });
  it("closes a Seoul window at latestStart, and a window that spans midnight the next morning", () => {
    const evening: SendWindow = { from: "08:00", to: "21:00", latestStart: "20:50", timeZone: "Asia/Seoul", days: ALL_DAYS };
    expect(closesAt(evening, at("2026-11-27T05:00:00Z"))).toBe(at("2026-11-27T11:50:00Z"));
    expect(closesAt(evening, at("2026-11-27T12:00:00Z"))).toBe(at("2026-11-27T12:00:00Z"));
    const night: SendWindow = { from: "22:00", to: "06:00", timeZone: "Asia/Seoul", days: ["fri"] };
    expect(closesAt(night, at("2026-11-27T20:00:00Z"))).toBe(at("2026-11-27T21:00:00Z"));
    const always: SendWindow = { from: "00:00", to: "24:00", timeZone: "Asia/Seoul", days: ALL_DAYS };
    expect(closesAt(always, at("2026-11-27T20:00:00Z"))).toBe(Number.POSITIVE_INFINITY);
  });

  it("closes exactly where the window stops being open, and stays open until then", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(windowArb, clockArb, (w, now) => {
        const close = closesAt(w, now);
        const label = `${describeWindow(w)} from ${new Date(now).toISOString()} to ${new Date(close).toISOString()}`;
        expect(close).toBeGreaterThanOrEqual(now);
        if (!Number.isFinite(close)) return;
        expect(oracleOpen(w, close), label).toBe(false);
        if (close > now) expect(oracleOpen(w, close - 1_000), label).toBe(true);
        for (let i = 0; i < 100 && close > now; i++) expect(oracleOpen(w, now + Math.floor(((close - now) * i) / 100)), label).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
