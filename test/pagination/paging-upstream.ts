/**
 * A scripted paging server behind `prism proxy --errors`: every request the SDK sends and every
 * page the script answers is validated against the spec (a breach is a 422/400 or a 500).
 * One per test file (Prism takes seconds to start); each test installs its own script.
 */
import { startServer, type ScriptedServer } from "../helpers/http-server.js";
import { startPrism, type PrismServer } from "../../src/node/prism-server.js";

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Answers the request with this index (0 for the first of the test) at this URL. */
export type Script = (url: URL, index: number) => Reply | Promise<Reply>;

export interface PagingUpstream {
  /** Prism's URL: the client's baseUrl. */
  url: string;
  /** Installs a script and forgets earlier requests. */
  use(script: Script): void;
  /** The query of each request the upstream received, in order (repeated keys as arrays). */
  queries(): Array<Record<string, string | string[]>>;
  /** The path of each request the upstream received. */
  paths(): string[];
  /** The body the upstream answered each request with, by request index. */
  sent: unknown[];
  /** Prism's output (validation messages), for failure messages. */
  prismOutput(): string;
  close(): Promise<void>;
}

export function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

export async function startPagingUpstream(): Promise<PagingUpstream> {
  let script: Script = () => ({ status: 500, body: { message: "no script installed" } });
  const sent: unknown[] = [];
  const server: ScriptedServer = await startServer(async (req, res, _body, index) => {
    const reply = await script(new URL(req.url ?? "/", "http://upstream"), index);
    sent[index] = reply.body;
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(JSON.stringify(reply.body));
  });
  let prism: PrismServer;
  try {
    prism = await startPrism({ upstream: server.url });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: prism.url,
    use(next) {
      script = next;
      server.requests.length = 0;
      sent.length = 0;
    },
    queries: () => server.requests.map((r) => queryOf(new URL(r.url, "http://upstream"))),
    paths: () => server.requests.map((r) => new URL(r.url, "http://upstream").pathname),
    sent,
    prismOutput: () => prism.output(),
    async close() {
      await prism.close();
      await server.close();
    },
  };
}
