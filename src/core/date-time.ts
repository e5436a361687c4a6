/** RFC 3339 date-times (`format: date-time`), strictly: 2026-02-30 is refused, not rolled over as by `Date.parse`. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The days of `month` (1–12) in `year`. */
const daysInMonth = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1]!;
/** The instant, or undefined; `strict` (the input check) wants time and offset, audit-log cells (UTC) may lack them. */
export function parseDateTime(text: string, strict = false): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 10, 11].map((i) =>
    Number(match[i] ?? 0),
  ) as [number, number, number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // 60 is RFC 3339's leap second; JavaScript dates have none, so it lands on the next second.
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  if (strict && (match[6] === undefined || !(match[8] || match[9]))) return undefined;
  const offset = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const date = new Date(0);
  // setUTCFullYear keeps years 0–99 as they are (Date.UTC reads them as 1900–1999).
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, Number((match[7] ?? "0").slice(0, 3).padEnd(3, "0")));
  return date;
}
