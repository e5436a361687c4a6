/**
 * downloadToFile and the files it touches: the replaced file's mode is kept (audit logs stay
 * private), a bad target is refused before the request, a write failure names the file and its
 * code, and a partial file left by a process that died is removed by the next download.
 */
import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { AlliError, createAlliClient, InvalidInputError } from "../../src/index.js";
import { filesIn, useTempDirs } from "../audit-logs/helpers/temp-dir.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

const CSV = "createdAt,method,path\n2026-01-05T09:30:00Z,GET,/x\n";
let server: ScriptedServer;
/** Set by a test to act while the body is still arriving. */
let midBody: (() => void) | undefined;
const temp = useTempDirs();

beforeAll(async () => {
  server = await startServer(async (_req, res) => {
    res.writeHead(200, { "content-type": "text/csv" });
    res.write(CSV);
    if (midBody) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      midBody();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    res.end("2026-01-05T09:31:00Z,POST,/y\n");
  });
});
beforeEach(() => {
  server.requests.length = 0;
  midBody = undefined;
});
afterAll(() => server.close());

const alli = () => createAlliClient({ apiKey: "file-key", baseUrl: server.url, maxRetries: 0 });

it("replacing a 0600 file leaves a 0600 file; a new file gets the default mode", async () => {
  const dir = temp.make();
  const target = join(dir, "logs.csv");
  writeFileSync(target, "old");
  chmodSync(target, 0o600);
  await alli().auditLogs.downloadToFile(target);
  expect(statSync(target).mode & 0o777).toBe(0o600);
  const fresh = join(dir, "new.csv");
  await alli().auditLogs.downloadToFile(fresh);
  expect(statSync(fresh).mode & 0o777).toBe(0o666 & ~process.umask());
});

it("a directory as the target is refused before the request", async () => {
  const dir = temp.make();
  const error = await alli()
    .auditLogs.downloadToFile(dir)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).field).toBe("path");
  expect((error as Error).message).toMatch(/is a directory/);
  expect(server.requests).toHaveLength(0);
});

it("a folder that disappears mid-download: an AlliError naming the file and the code, and nothing left", async () => {
  const dir = temp.make();
  const folder = join(dir, "out");
  mkdirSync(folder);
  midBody = () => rmSync(folder, { recursive: true, force: true });
  const target = join(folder, "logs.csv");
  const error = (await alli()
    .auditLogs.downloadToFile(target)
    .catch((e: unknown) => e)) as AlliError;
  expect(error).toBeInstanceOf(AlliError);
  expect(error.message).toContain(JSON.stringify(target));
  expect(error.message).toContain("ENOENT");
  expect(filesIn(dir)).toEqual([]);
});

it("a partial file of a process that is gone is removed; one of a live process is left alone", async () => {
  const dir = temp.make();
  const target = join(dir, "logs.csv");
  const dead = ".logs.csv.999999999.0a1b2c3d4e5f.partial";
  const live = `.logs.csv.${process.ppid}.0a1b2c3d4e5f.partial`;
  writeFileSync(join(dir, dead), "half");
  writeFileSync(join(dir, live), "still writing");
  await alli().auditLogs.downloadToFile(target);
  expect(filesIn(dir)).toEqual([live, "logs.csv"].sort());
});

it("a symbolic link or a FIFO as the target is refused before the request, and left as it was", async () => {
  const { symlinkSync, lstatSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const dir = temp.make();
  writeFileSync(join(dir, "real.csv"), "old\n");
  symlinkSync(join(dir, "real.csv"), join(dir, "link.csv"));
  execFileSync("mkfifo", [join(dir, "pipe.csv")]);
  for (const name of ["link.csv", "pipe.csv"]) {
    const error = await alli()
      .auditLogs.downloadToFile(join(dir, name))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/not a regular file/);
  }
  expect(lstatSync(join(dir, "link.csv")).isSymbolicLink()).toBe(true);
  expect(lstatSync(join(dir, "pipe.csv")).isFIFO()).toBe(true);
  expect(server.requests).toHaveLength(0);
});
