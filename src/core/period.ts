/** An export's period [since, until) as windows the download takes (31 days at most). Checked at the call, so it
 * loads with the client; the rule keeping a row once (seams.ts) loads with the export. */
import { parseDateTime } from "./date-time.js";
import { InvalidInputError } from "../errors/errors.js";

const [DAY, MAX_DAYS] = [86_400_000, 31]; // 31: the most beforeRange takes
/** One download of an export: the rows of [start, end), asked as `createdAt` = end and `beforeRange` days before. */
export type Window = { start: number; end: number; query: { createdAt: string; beforeRange: number } };
export type Period = { since?: unknown; until?: unknown; query?: Record<string, unknown> };
function instant(field: string, value: unknown): number {
  const time = value instanceof Date ? value.getTime() : parseDateTime(String(value))?.getTime();
  if (time !== undefined && !Number.isNaN(time) && (value instanceof Date || typeof value === "string")) return time;
  const got = value instanceof Date ? "an invalid Date" : JSON.stringify(value);
  throw new InvalidInputError(field, `must be a Date or an RFC 3339 date or date-time (e.g. 2025-01-01), got ${got}`);
}
/** The period's windows, oldest first, the last one shorter; `until` defaults to now. */
export function windowsOf({ since, until, query }: Period, now = Date.now()): Window[] {
  for (const name of ["createdAt", "beforeRange"])
    if (query?.[name] !== undefined) throw new InvalidInputError(`query.${name}`, "is set by the export; leave it out");
  const [from, to] = [instant("since", since), until === undefined ? now : instant("until", until)];
  if (to > now) throw new InvalidInputError("until", `must not be in the future (now: ${new Date(now).toISOString()})`);
  const rule = to === from ? "the period is empty: until must be after since" : "the period is reversed";
  if (to <= from) throw new InvalidInputError(until === undefined ? "since" : "until", rule);
  const windows: Window[] = [];
  for (let start = from; start < to;) {
    const end = Math.min(start + MAX_DAYS * DAY, to);
    const query = { createdAt: new Date(end).toISOString(), beforeRange: Math.ceil((end - start) / DAY) };
    windows.push({ start, end, query });
    start = end;
  }
  return windows;
}
