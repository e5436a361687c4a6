/** The rule keeping each row of an export once: by its createdAt's window, and by its id near a seam. */
import { daysInMonth } from "./date-time.js";
import type { Window } from "./period.js";

const SEAM_SLACK = 3_600_000; // an hour each side of a seam, where an id sent twice is kept once
/** Where a row's createdAt falls in its window: outside it, in its first hour, between, or in its last hour. */
export type Zone = "out" | "first" | "middle" | "last";
/**
 * The rows of `window` to keep: those whose createdAt is in its [start, end) (a row on a seam in one window, outside
 * the period in none), each id once within an hour of a seam: `seen` holds those kept before the window's start (it
 * grows with its first hour's), `near` gathers its last hour's, for the next window.
 */
export function seamFilter({ start, end }: Window, seen: Set<string>) {
  const near = new Set<string>();
  const zoneOf = (createdAt: number): Zone => {
    if (!(createdAt >= start && createdAt < end)) return "out";
    return createdAt < start + SEAM_SLACK ? "first" : createdAt >= end - SEAM_SLACK ? "last" : "middle";
  };
  const keepIn = (zone: Zone, id: () => string) => {
    const ids = zone === "first" ? seen : zone === "last" ? near : undefined;
    return zone !== "out" && !ids?.has(id()) && (ids?.add(id()), true);
  };
  const [since, until, firstHourEnd, lastHourStart] = [start, end, start + SEAM_SLACK, end - SEAM_SLACK].map((edge) =>
    secondOf(new TextEncoder().encode(new Date(edge).toISOString())),
  ) as [number, number, number, number];
  const readable = !Number.isNaN(since + until + firstHourEnd + lastHourStart); // years 0–9999, written YYYY
  /** The zone of a createdAt given as bytes, read without making a time of them (the export reads every row's); or
   * undefined where only its time can tell: not in the API's form, or in the same second as an edge. */
  const zoneAt = (bytes: Uint8Array, from: number, to: number): Zone | undefined => {
    const second = readable ? secondOf(bytes, from, to) : NaN;
    if (Number.isNaN(second) || second === since || second === until) return undefined;
    if (second < since || second > until) return "out";
    if (second === firstHourEnd || second === lastHourStart) return undefined;
    return second < firstHourEnd ? "first" : second > lastHourStart ? "last" : "middle";
  };
  return { zoneOf, zoneAt, keepIn, keep: (id: string, createdAt: number) => keepIn(zoneOf(createdAt), () => id), near };
}
const digit = (bytes: Uint8Array, at: number) => {
  const value = bytes[at]! - 48;
  return value >= 0 && value <= 9 ? value : NaN;
};
const twoDigits = (bytes: Uint8Array, at: number) => digit(bytes, at) * 10 + digit(bytes, at + 1);
/**
 * The second of a UTC stamp as one number, YYYYMMDDHHMMSS (so number order is time order), from `bytes` [from, to) in
 * the form YYYY-MM-DDTHH:MM:SS[.fraction]Z; NaN for any other form or a date parseDateTime refuses (a leap second
 * too: it is read as a time). Plain statements: it runs for every row of an export.
 */
function secondOf(bytes: Uint8Array, from = 0, to = bytes.length): number {
  const length = to - from; // 45 -, 84 T, 58 :, 46 ., 90 Z
  if (length < 20 || length === 21 || length > 30 || bytes[to - 1] !== 90 || bytes[from + 10] !== 84) return NaN;
  if (bytes[from + 4] !== 45 || bytes[from + 7] !== 45 || bytes[from + 13] !== 58 || bytes[from + 16] !== 58)
    return NaN;
  if (length > 20 && bytes[from + 19] !== 46) return NaN;
  for (let at = from + 20; at < to - 1; at++) if (Number.isNaN(digit(bytes, at))) return NaN;
  const year = twoDigits(bytes, from) * 100 + twoDigits(bytes, from + 2);
  const month = twoDigits(bytes, from + 5);
  const day = twoDigits(bytes, from + 8);
  const hour = twoDigits(bytes, from + 11);
  const minute = twoDigits(bytes, from + 14);
  const second = twoDigits(bytes, from + 17);
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59)) return NaN;
  if (day > 28 && day > daysInMonth(year, month)) return NaN;
  return ((((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) * 100 + second;
}
