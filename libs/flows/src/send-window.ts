/**
 * Send windows: the local times of day (and days of the week) in which a step may be
 * released, in an IANA time zone. Pure arithmetic over epoch milliseconds with Intl for the
 * zone's offsets, so it needs no date library and takes the clock as an argument.
 *
 * A window opens at `from` on each of its `days` and stays open until `latestStart` (or
 * `to`). When `to` is not after `from` the window spans midnight: 22:00-06:00 on `fri` is
 * open from Friday 22:00 to Saturday 06:00 (the day is the day the window opens).
 * `latestStart` closes the window early for new sends, so a message released just before it
 * still has room before `to` for the gateway's SMS/LMS fallback.
 */

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SendWindow {
  /** Local time the window opens, "HH:MM" or "HH:MM:SS". */
  from: string;
  /** Local time the window closes, "HH:MM" or "HH:MM:SS"; "24:00" is the end of the day. */
  to: string;
  /** The last local time a step may be released; between from and to. Default: to. */
  latestStart?: string;
  /** IANA zone, e.g. Asia/Seoul. */
  timeZone: string;
  /** The days the window opens on. */
  days: Weekday[];
}

const SECOND = 1_000;
const DAY_SECONDS = 86_400;
const DAY = DAY_SECONDS * SECOND;
const TIME_OF_DAY = /^([01]\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?$/;

/** Seconds since local midnight of "HH:MM[:SS]"; undefined when it is not one (24:00 is the only 24:xx). */
export function secondsOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * 3_600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  return seconds > DAY_SECONDS ? undefined : seconds;
}

/** True when the zone is one Intl knows (Asia/Seoul, UTC, ...). */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's wall clock at an instant, read as if it were UTC (whole seconds). */
function wallClock(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The zone's offset from UTC at an instant, in ms. */
const offsetAt = (instant: number, zone: string): number => wallClock(instant, zone) - Math.floor(instant / SECOND) * SECOND;

interface Local {
  /** Local midnight of the day, read as UTC (a day number times DAY). */
  midnight: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Seconds since local midnight. */
  second: number;
}

function local(instant: number, zone: string): Local {
  const wall = wallClock(instant, zone);
  const midnight = Math.floor(wall / DAY) * DAY;
  return { midnight, weekday: new Date(midnight).getUTCDay(), second: (wall - midnight) / SECOND };
}

/** The window as numbers: open at `open` seconds of the day, closed for new sends from `close` (may be the next day). */
function bounds(window: SendWindow): { open: number; close: number; days: Set<number> } {
  const open = secondsOfDay(window.from) ?? 0;
  let close = secondsOfDay(window.latestStart ?? window.to) ?? DAY_SECONDS;
  if (close <= open) close += DAY_SECONDS;
  return { open, close, days: new Set(window.days.map((d) => WEEKDAYS.indexOf(d))) };
}

/** Whether a step may be released at this instant. */
export function isOpen(window: SendWindow, instant: number): boolean {
  const { open, close, days } = bounds(window);
  const { weekday, second } = local(instant, window.timeZone);
  // Opened today, or (spanning midnight) opened yesterday and not closed yet.
  if (days.has(weekday) && second >= open && second < close) return true;
  return days.has((weekday + 6) % 7) && second + DAY_SECONDS >= open && second + DAY_SECONDS < close;
}

/**
 * The instants whose wall clock reads `wall` (0, 1, or 2 in a clock set back). A wall time
 * the clock skipped (set forward) has none: then the first instant after the gap, whose
 * wall clock is past `wall`, stands for it.
 */
function instantsAt(wall: number, zone: string): number[] {
  const offsets = new Set([offsetAt(wall - DAY, zone), offsetAt(wall, zone), offsetAt(wall + DAY, zone)]);
  const found = [...offsets].map((o) => wall - o).filter((t) => offsetAt(t, zone) === wall - t);
  if (found.length > 0) return found;
  // In a gap: between the two candidate instants the offset changes once; find where.
  const candidates = [...offsets].map((o) => wall - o).sort((a, b) => a - b);
  let lo = candidates[0]!;
  let hi = candidates.at(-1)!;
  const before = offsetAt(lo, zone);
  while (hi - lo > SECOND) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
    if (offsetAt(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return [hi];
}

/**
 * The first instant at or after `now` at which a step may be released: `now` itself when
 * the window is open. Always within 8 days of `now`, since a window opens at least once a
 * week.
 */
export function nextOpening(window: SendWindow, now: number): number {
  if (isOpen(window, now)) return now;
  const { open, days } = bounds(window);
  const today = local(now, window.timeZone).midnight;
  let best = Number.POSITIVE_INFINITY;
  // Local days in order: the first day with an opening at or after now has the earliest one.
  for (let day = -1; day <= 8 && !Number.isFinite(best); day++) {
    const midnight = today + day * DAY;
    if (!days.has(new Date(midnight).getUTCDay())) continue;
    for (const t of instantsAt(midnight + open * SECOND, window.timeZone)) {
      if (t >= now && t < best && isOpen(window, t)) best = t;
    }
  }
  // Unreachable for a valid window (it has a day and a non-empty span); fail loudly rather than wait forever.
  if (!Number.isFinite(best)) throw new Error(`the send window ${describeWindow(window)} never opens`);
  return best;
}

/**
 * The first instant at or after `now` at which the window no longer lets a step be released
 * (`now` itself when it is closed): the deadline a released step carries to the dispatcher,
 * so a send held up in its queue never reaches the gateway after the window closed.
 * Infinity for a window that never closes (every day, 00:00-24:00).
 */
export function closesAt(window: SendWindow, now: number): number {
  let t = now;
  // Back-to-back openings (22:00-24:00 then 00:00-06:00) chain; a week of them never closes.
  for (let i = 0; i <= 8; i++) {
    if (!isOpen(window, t)) return t;
    t = endOfOpening(window, t);
  }
  return Number.POSITIVE_INFINITY;
}

/** Where the opening that holds `open` (an open instant) closes for new sends. */
function endOfOpening(window: SendWindow, open: number): number {
  const { open: from, close, days } = bounds(window);
  const { midnight, weekday, second } = local(open, window.timeZone);
  // It opened today, or (spanning midnight) yesterday.
  const began = days.has(weekday) && second >= from && second < close ? midnight : midnight - DAY;
  const ends = instantsAt(began + close * SECOND, window.timeZone).filter((t) => t > open);
  return ends.length > 0 ? Math.min(...ends) : open + SECOND;
}

/** "08:00-21:00 Asia/Seoul mon-sat" style text for logs, alerts and the CLI. */
export function describeWindow(window: SendWindow): string {
  const days = window.days.length === 7 ? "every day" : WEEKDAYS.filter((d) => window.days.includes(d)).join(",");
  const latest = window.latestStart === undefined ? "" : ` (last start ${window.latestStart})`;
  return `${window.from}-${window.to}${latest} ${window.timeZone} ${days}`;
}
