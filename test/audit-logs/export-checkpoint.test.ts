/**
 * exportToFile's checkpoint goes to disk while the next window is read: a failure in that window must not return
 * before it lands, or a fresh start that follows (another query) could remove the old checkpoint before it comes, and
 * a later resume of the old run would truncate the new run's partial to it. The disk is scripted through a mock of
 * node:fs/promises: the partial's writes fail from the second window on, the checkpoint's write is slow.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { useTempDirs } from "./helpers/temp-dir.js";

const disk = { writesFail: false, checkpointDelay: 0 };
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const full = () => Promise.reject(Object.assign(new Error("no space left on device"), { code: "ENOSPC" }));
  return {
    ...real,
    async open(...args: Parameters<typeof real.open>) {
      const handle = await real.open(...args);
      return new Proxy(handle, {
        get(target, key) {
          if ((key === "appendFile" || key === "writev") && disk.writesFail) return full;
          const value: unknown = Reflect.get(target, key);
          return typeof value === "function" ? (value as () => unknown).bind(target) : value;
        },
      });
    },
    async writeFile(...args: Parameters<typeof real.writeFile>) {
      if (String(args[0]).endsWith(".json.new")) await new Promise((r) => setTimeout(r, disk.checkpointDelay));
      return real.writeFile(...args);
    },
  };
});
const { exportToFile } = await import("../../src/node/audit-export.js");
const dirs = useTempDirs();

const rows = (day: string) => [0, 1, 2].map((i) => `r${i},${day}T00:00:0${i}Z\n`).join("");
it("does not return from a failure before the checkpoint of the window before it is on disk", async () => {
  const path = join(dirs.make(), "logs.csv");
  const saved = join(path, "..", ".logs.csv.export.partial.json");
  disk.checkpointDelay = 300;
  // Two windows (31 days, then 19): the second's rows come in two chunks, and its writes fail.
  const answers = [
    [`id,createdAt\n${rows("2025-01-10")}`],
    [`id,createdAt\n${rows("2025-02-10")}`, rows("2025-02-11")],
  ];
  let asked = 0;
  const download = async () => {
    const chunks = answers[asked++]!;
    if (asked === 2) disk.writesFail = true;
    return {
      body: new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 20));
          const chunk = chunks.shift();
          if (chunk === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(chunk));
        },
      }),
    };
  };
  const period = { since: "2025-01-01T00:00:00Z", until: "2025-02-20T00:00:00Z" };
  await expect(exportToFile(path, download, period)).rejects.toThrow(/ENOSPC/);
  expect(existsSync(saved)).toBe(true);
  expect(JSON.parse(readFileSync(saved, "utf8"))).toMatchObject({ done: 1 });
});
