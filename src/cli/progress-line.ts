/** The download progress line: bytes, percentage when the size is known, and the average rate. */
import type { DownloadProgress } from "../index.js";
import type { CliContext } from "./command.js";

const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** 1234567 → "1.2 MB" (decimal units, as download tools print them). */
export function formatBytes(bytes: number): string {
  const unit = UNITS.findLastIndex((_, i) => bytes >= 1000 ** i);
  return unit <= 0 ? `${bytes} B` : `${(bytes / 1000 ** unit).toFixed(1)} ${UNITS[unit]}`;
}

/** One line of progress for `elapsedMs` into the download; `width` is the terminal's. */
export function progressLine({ bytes, total }: DownloadProgress, elapsedMs: number, width = 80): string {
  const rate = elapsedMs > 0 ? `${formatBytes((bytes * 1000) / elapsedMs)}/s` : "";
  if (!total) return `${formatBytes(bytes)}  ${rate}`.trimEnd();
  const fraction = Math.min(1, bytes / total);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  const text = `${percent}%  ${formatBytes(bytes)} / ${formatBytes(total)}  ${rate}`;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 4));
  const filled = Math.round(fraction * barWidth);
  return `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}] ${text}`.trimEnd();
}

/** Redraws the progress line in place on a terminal, at most ten times a second. */
export function progressRenderer(stream: CliContext["stderr"], now: () => number = Date.now) {
  const started = now();
  let drawn = 0;
  return {
    update: (progress: DownloadProgress) => {
      if (now() - drawn < 100) return;
      drawn = now();
      stream.write(`\r\x1b[K${progressLine(progress, now() - started, stream.columns)}`);
    },
    /** Clears the line (when anything was drawn) for the result line that follows. */
    finish: () => drawn && stream.write("\r\x1b[K"),
  };
}
