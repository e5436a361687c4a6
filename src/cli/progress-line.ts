/** The download progress line: bytes, percentage when the size is known, and the average rate. */
import type { DownloadProgress } from "../index.js";

/** 1234567 → "1.2 MB" (decimal units, as download tools print them). */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** One line of progress for `elapsedMs` into the download; `width` is the terminal's. */
export function progressLine({ bytes, total }: DownloadProgress, elapsedMs: number, width = 80): string {
  const rate = elapsedMs > 0 ? `${formatBytes((bytes * 1000) / elapsedMs)}/s` : "";
  if (total === undefined || total === 0) return `${formatBytes(bytes)}  ${rate}`.trimEnd();
  const fraction = Math.min(1, bytes / total);
  const text = `${String(Math.floor(fraction * 100)).padStart(3)}%  ${formatBytes(bytes)} / ${formatBytes(total)}  ${rate}`;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 4));
  const filled = Math.round(fraction * barWidth);
  return `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${text}`.trimEnd();
}

/** Redraws the progress line in place on a terminal, at most ten times a second. */
export function progressRenderer(stream: { write(text: string): unknown; columns?: number }, now: () => number = Date.now) {
  const started = now();
  let drawn = 0;
  const draw = (progress: DownloadProgress) => stream.write(`\r\x1b[K${progressLine(progress, now() - started, stream.columns)}`);
  return {
    update(progress: DownloadProgress) {
      if (now() - drawn < 100) return;
      drawn = now();
      draw(progress);
    },
    /** Clears the line (when anything was drawn) for the result line that follows. */
    finish() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
