/** Bodies the Fetch standard makes awkward: a GET that carries JSON, and multipart uploads. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlliClient, InvalidInputError } from "../../src/index.js";
import { startServer, type ScriptedServer } from "../helpers/http-server.js";

let server: ScriptedServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "alli-multipart-"));
  server = await startServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ result: { dailyTotalCount: [] } }));
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Parses what the server received as multipart/form-data, as a server framework would. */
async function receivedForm(): Promise<FormData> {
  const { headers, body } = server.requests.at(-1)!;
  return new Request("http://server.test/", {
    method: "POST",
    headers: { "content-type": String(headers["content-type"]) },
    body: new Uint8Array(body),
  }).formData();
}

describe("GET with a JSON body", () => {
  it("sends daily conversation count's body on a GET, as the API documents", async () => {
    const alli = createAlliClient({ apiKey: "k", baseUrl: server.url });
    const { data } = await alli.GET("/webapi/conversation_daily_count", {
      body: { startDate: "2026-01-01", endDate: "2026-01-31" },
    });
    expect(data).toEqual({ result: { dailyTotalCount: [] } });
    const request = server.requests.at(-1)!;
    expect(request.method).toBe("GET");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body.toString())).toEqual({ startDate: "2026-01-01", endDate: "2026-01-31" });
    expect(request.headers["api-key"]).toBe("k");
  });
});

describe("run_conversation multipart", () => {
  // Prism 5 rejects any filled array-of-files field (stoplightio/prism#2654), so the file parts are
  // checked here against a server that parses the multipart body; tests/contract covers the rest.
  it("sends files from Blob, File, Buffer and a path, and choices / sendFormInput as JSON strings", async () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "from disk");
    await createAlliClient({ apiKey: "k", baseUrl: server.url }).POST("/webapi/v2/apps/{app_id}/run_conversation", {
      params: { path: { app_id: "app_1" } },
      body: {
        message: "다음 파일을 요약해 주세요",
        choices: [0, 2] as unknown as string,
        sendFormInput: { name: "山田", age: 30 } as unknown as string,
        files: [
          new Blob(["blob bytes"]),
          new File(["file bytes"], "report.pdf", { type: "application/pdf" }),
          path as unknown as Blob,
        ],
        media_files: [Buffer.from([0x89, 0x50, 0x4e, 0x47]) as unknown as Blob],
      },
      parseAs: "text",
    });
    const form = await receivedForm();
    expect(form.get("message")).toBe("다음 파일을 요약해 주세요");
    expect(JSON.parse(String(form.get("choices")))).toEqual([0, 2]);
    expect(JSON.parse(String(form.get("sendFormInput")))).toEqual({ name: "山田", age: 30 });
    const files = form.getAll("files") as File[];
    expect(await Promise.all(files.map((f) => f.text()))).toEqual(["blob bytes", "file bytes", "from disk"]);
    expect(files[1]!.name).toBe("report.pdf");
    expect(files[2]!.name).toBe("notes.txt");
    const media = form.getAll("media_files") as File[];
    expect(new Uint8Array(await media[0]!.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it("passes a string choices value through as it is", async () => {
    await createAlliClient({ apiKey: "k", baseUrl: server.url }).POST("/webapi/v2/apps/{app_id}/run_conversation", {
      params: { path: { app_id: "app_1" } },
      body: { choices: "[1]" },
      parseAs: "text",
    });
    expect((await receivedForm()).get("choices")).toBe("[1]");
  });

  it("names the field when a file path cannot be read, before anything is sent", async () => {
    const before = server.requests.length;
    const error = await createAlliClient({ apiKey: "k", baseUrl: server.url })
      .POST("/webapi/v2/apps/{app_id}/run_conversation", {
        params: { path: { app_id: "app_1" } },
        body: { files: [join(dir, "missing.txt") as unknown as Blob] },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: "body.files[0]" });
    expect(server.requests.length).toBe(before);
  });
});
