import { expect } from '@playwright/test';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../harness/clock/browser-clock.ts';

const UNITS = [
  { ms: DAY_MS, one: 'day', many: 'days' },
  { ms: HOUR_MS, one: 'hour', many: 'hours' },
  { ms: MINUTE_MS, one: 'minute', many: 'minutes' },
  { ms: SECOND_MS, one: 's', many: 's' },
] as const;

/** A cookie as the store lists it: its name, and its expiry in seconds since the epoch (-1 or null: a session cookie). */
interface ListedCookie {
  name: string;
  expires: number | null;
}

/** The lifetime a cookie was given, and when and by whom it was set. */
export interface Lifetime {
  /** As the line gave it (Max-Age, max-age), in milliseconds. */
  lifetimeMs: number;
  /** The browser's time just before and just after the cookie was set, in milliseconds since the epoch. */
  setBetween: readonly [number, number];
  /** How far outside that window the stored expiry may fall: a store may keep whole seconds. */
  toleranceMs: number;
  /** What set it, in the project's terms: `GET /setcookie in server/app.ts`, `page script (max-age=3600)`. */
  setBy: string;
}

/**
 * expect() with a matcher in cookie terms: `expectExpiry(cookie).toExpireAfter(lifetime)` passes where the store's
 * expiry is `lifetimeMs` after some instant of `setBetween`, give or take `toleranceMs`, and fails with
 * `username, set by GET /setcookie in server/app.ts, expires in 29.0 days; expected 30 days (±2 s)`: the lifetime the
 * store gave the cookie, never epoch numbers.
 */
export const expectExpiry = expect.extend({
  toExpireAfter(cookie: ListedCookie, { lifetimeMs, setBetween: [setFrom, setTo], toleranceMs, setBy }: Lifetime) {
    const expected = `expected ${duration(lifetimeMs)} (±${toleranceMs / SECOND_MS} s)`;
    const session = cookie.expires === null || cookie.expires === -1;
    const expiresMs = session ? NaN : cookie.expires! * 1000;
    const pass = !session && expiresMs >= setFrom + lifetimeMs - toleranceMs && expiresMs <= setTo + lifetimeMs + toleranceMs;
    // The lifetime nearest to the one asked for that any instant of the window gives.
    const lived = session ? NaN : Math.min(Math.max(lifetimeMs, expiresMs - setTo), expiresMs - setFrom);
    const said = session ? 'is a session cookie (no expiry)' : `expires in ${lifetime(lived, lifetimeMs)}`;
    const dated = session ? [] : [`The store dates its expiry ${readable(expiresMs)}; it was set between ${readable(setFrom)} and ${readable(setTo)}.`];
    const message = () =>
      [
        this.utils.matcherHint('toExpireAfter', cookie.name, duration(lifetimeMs), { isNot: this.isNot }),
        '',
        `${cookie.name}, set by ${setBy}, ${said}; ${this.isNot ? `expected any other lifetime than ${duration(lifetimeMs)}` : expected}`,
        ...dated,
      ].join('\n');
    return { pass, message, name: 'toExpireAfter' };
  },
});

/** A lifetime as a reader compares it with the one asked for: `29.0 days`, or `30 days and 3.4 s` where that is too close. */
function lifetime(ms: number, asked: number): string {
  const unit = unitOf(asked);
  const shown = (ms / unit.ms).toFixed(1);
  if (shown !== (asked / unit.ms).toFixed(1)) return `${shown} ${unit.many}`;
  const off = ms - asked;
  return off === 0 ? duration(asked) : `${duration(asked)} ${off > 0 ? 'and' : 'less'} ${duration(Math.abs(off))}`;
}

/** `30 days`, `1 hour`, `2 s`, `1.5 s`: in the largest unit that fits, one decimal where not whole. */
function duration(ms: number): string {
  const unit = unitOf(ms);
  const count = Math.round((ms / unit.ms) * 10) / 10;
  return `${count} ${count === 1 ? unit.one : unit.many}`;
}

function unitOf(ms: number): (typeof UNITS)[number] {
  return UNITS.find((unit) => Math.abs(ms) >= unit.ms) ?? UNITS.at(-1)!;
}

/** `2027-01-04 10:31:12.345 UTC`. */
function readable(ms: number): string {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** Whole days from now to an expiry the store reports in seconds (null: no such cookie). */
export function wholeDaysUntil(expiresSeconds: number | undefined, nowMs: number): number | null {
  return expiresSeconds === undefined ? null : Math.round((expiresSeconds * 1000 - nowMs) / DAY_MS);
}
