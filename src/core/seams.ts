/** The rule keeping each row of an export once: by its createdAt's window, and by its id near a seam. */
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
  const [since, until, firstHourEnd, lastHourStart] = [start, end, start + SEAM_SLACK, end - SEAM_SLACK].map(
    stampOf,
  ) as [number, number, number, number];
  const readable = !Number.isNaN(since + until + firstHourEnd + lastHourStart); // years 0–9999, written YYYY
  /** The zone of a createdAt given as its stamp, YYYYMMDDHHMMSS (the audit-log CSV reader reads every row's so; NaN
   * when not in the API's form), or undefined where only its time can tell: NaN, or in the same second as an edge. */
  const zoneAt = (stamp: number): Zone | undefined => {
    if (!readable || Number.isNaN(stamp) || stamp === since || stamp === until) return undefined;
    if (stamp < since || stamp > until) return "out";
    if (stamp === firstHourEnd || stamp === lastHourStart) return undefined;
    return stamp < firstHourEnd ? "first" : stamp > lastHourStart ? "last" : "middle";
  };
  /** The createdAt stamps, both excluded, between which a row is in the middle: kept, with no id to look at. */
  const middle: [number, number] = [firstHourEnd, lastHourStart];
  return {
    zoneOf,
    zoneAt,
    middle,
    keepIn,
    keep: (id: string, createdAt: number) => keepIn(zoneOf(createdAt), () => id),
    near,
  };
}
/** A time's stamp: the number YYYYMMDDHHMMSS of its second (number order is time order); NaN outside the years
 * 0–9999. */
function stampOf(time: number): number {
  const date = new Date(time);
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  if (!(year >= 0 && year <= 9999)) return NaN;
  const [hour, minute, second] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  return ((year * 100 + month) * 100 + day) * 1e6 + hour * 1e4 + minute * 100 + second;
}
