/**
 * The documentation site as the pipeline's source: its `llms.txt` index lists its pages, and each
 * page is published as Markdown (the page URL with `.md`), the same text as the pages in
 * openapi/pages/. Everything is downloaded and parsed before anything is written, so a failure
 * leaves the committed files as they were.
 */
import { extractPage } from "../extract.js";
import type { Page } from "./page.js";

/** The pages an index lists under its own folder (the API reference), as Markdown URLs, in order. */
export function indexedPages(indexText: string, indexUrl: string): string[] {
  const base = new URL(".", indexUrl);
  const urls: string[] = [];
  for (const match of indexText.matchAll(/\]\(([^)\s]+)\)/g)) {
    let url: URL;
    try {
      url = new URL(match[1]!, indexUrl);
    } catch {
      continue;
    }
    // Only the index's own section of the site; not the index itself, nor the section's landing page.
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.pathname === base.pathname || url.pathname.endsWith("/llms.txt")) continue;
    url.hash = "";
    if (!url.pathname.endsWith(".md")) url.pathname = `${url.pathname.replace(/\/$/, "")}.md`;
    if (!urls.includes(url.href)) urls.push(url.href);
  }
  return urls;
}

export interface DownloadedPage {
  url: string;
  text: string;
  page: Page;
  /** Fragment file name → content, as extract writes them. */
  fragments: Map<string, string>;
}

export class SiteError extends Error {
  override name = "SiteError";
}

type Fetch = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

async function download(url: string, fetchText: Fetch, timeoutMs: number): Promise<string> {
  const response = await fetchText(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/** Downloads the index and every page it lists; fails naming every URL that could not be read or parsed. */
export async function downloadSite(indexUrl: string, options: { fetch?: Fetch; timeoutMs?: number } = {}): Promise<DownloadedPage[]> {
  const fetchText = options.fetch ?? (globalThis.fetch as unknown as Fetch);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let index: string;
  try {
    index = await download(indexUrl, fetchText, timeoutMs);
  } catch (error) {
    throw new SiteError(`the index ${indexUrl} could not be downloaded: ${(error as Error).message}`);
  }
  const urls = indexedPages(index, indexUrl);
  if (urls.length === 0) throw new SiteError(`the index ${indexUrl} lists no page under ${new URL(".", indexUrl).href}`);
  const results = await Promise.allSettled(
    urls.map(async (url) => {
      const text = await download(url, fetchText, timeoutMs);
      try {
        const { page, files } = extractPage(url, text);
        return { url, text, page, fragments: files };
      } catch (error) {
        throw new Error(`cannot be read as a documentation page: ${(error as Error).message}`);
      }
    }),
  );
  const failures = results.flatMap((result, i) => (result.status === "rejected" ? [`${urls[i]}: ${(result.reason as Error).message}`] : []));
  if (failures.length) throw new SiteError(`${failures.length} of ${urls.length} pages failed, nothing was written:\n  ${failures.join("\n  ")}`);
  const pages = results.map((result) => (result as PromiseFulfilledResult<DownloadedPage>).value);
  const slugs = new Map<string, string>();
  for (const { url, page } of pages) {
    const other = slugs.get(page.slug);
    if (other) throw new SiteError(`${url} and ${other} are the same page (${page.slug}); nothing was written`);
    slugs.set(page.slug, url);
  }
  return pages;
}
