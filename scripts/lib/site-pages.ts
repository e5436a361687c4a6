/**
 * The documentation site as the pipeline's source: its `llms.txt` index lists its pages, and each
 * page is published as Markdown (the page URL with `.md`), the same text as the pages in
 * openapi/pages/. Everything is downloaded and parsed before anything is written, so a failure
 * leaves the committed files as they were.
 */
import { extractPage } from "../extract.js";
import type { Language, Page } from "./page.js";

/** Markdown links: `[text](url)`, `[text](<url>)`, `[text](url "title")`. */
const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;

/** A folder named by a language code: `/ja/api-reference/`, `/ko-kr/api-reference/`, `/api-reference/en/`. */
const LANGUAGE_FOLDER = /^(en|ja|ko)(?:[-_][a-z]{2})?$/i;

/** The language a URL's folders name, if one does. */
function folderLanguage(url: URL): Language | undefined {
  for (const folder of url.pathname.split("/").slice(1, -1)) {
    const match = LANGUAGE_FOLDER.exec(folder);
    if (match) return match[1]!.toLowerCase() as Language;
  }
  return undefined;
}

/** The path with its language folder taken out: where the page stands in the section. */
const sectionPath = (pathname: string) => {
  const parts = pathname.split("/");
  const at = parts.findIndex((part, i) => i > 0 && i < parts.length - 1 && LANGUAGE_FOLDER.test(part));
  return at < 0 ? pathname : [...parts.slice(0, at), ...parts.slice(at + 1)].join("/");
};

/**
 * The pages an index lists in its own section of the site (the folder of the index; for an index
 * at the site's root, `/api-reference/` when it links there), as Markdown URLs, in order; the
 * section's language versions too, wherever the site puts their language folder
 * (`/ja/api-reference/…` for `/api-reference/`). Links to other sections, other sites and files
 * that are not pages (`llms-full.txt`, images) are left out.
 */
export function indexedPages(indexText: string, indexUrl: string): string[] {
  const links: URL[] = [];
  for (const match of indexText.matchAll(LINK)) {
    try {
      const url = new URL(match[1]!, indexUrl);
      url.hash = "";
      url.search = "";
      links.push(url);
    } catch {
      /* not a URL */
    }
  }
  let base = new URL(".", indexUrl);
  if (
    base.pathname === "/" &&
    links.some((url) => url.origin === base.origin && url.pathname.startsWith("/api-reference/"))
  )
    base = new URL("/api-reference/", base);
  const section = sectionPath(base.pathname);
  const urls: string[] = [];
  for (const url of links) {
    // Only the section's own pages; not the index, nor the section's landing page.
    const path = sectionPath(url.pathname);
    if (url.origin !== base.origin || !path.startsWith(section) || path === section) continue;
    const last = url.pathname.replace(/\/$/, "").split("/").pop()!;
    if (NOT_PAGES.test(last)) continue;
    if (!last.toLowerCase().endsWith(".md")) url.pathname = `${url.pathname.replace(/\/$/, "")}.md`;
    if (!urls.includes(url.href)) urls.push(url.href);
  }
  return urls;
}

/** Links to files rather than pages: the full-text dump, data, images, archives. */
const NOT_PAGES = /\.(txt|json|ya?ml|csv|xml|pdf|zip|gz|png|jpe?g|gif|svg|webp|ico|css|js)$/i;

/**
 * A page in a language folder is that language's version, whatever the script of its headings
 * (a partly translated page keeps English ones): so it ranks below the English page in the merge
 * (English, then Japanese, then Korean) and is saved beside it rather than in its place.
 */
function inFolderLanguage(page: Page, url: string): Page {
  const language = folderLanguage(new URL(url));
  if (!language || language === page.language) return page;
  return { ...page, language, slug: `${page.slug.slice(0, page.slug.lastIndexOf("."))}.${language}` };
}

/** An API-reference page documents operations: OpenAPI fragments, or (in prose) an HTTP method and a path. */
function documentsOperations(text: string, fragments: number): boolean {
  return fragments > 0 || /\b(get|post|put|patch|delete)\s+\/[\w{}\/.-]+/i.test(text);
}

export interface SkippedPage {
  url: string;
  reason: string;
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

type Fetch = (
  url: string,
  init: { signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** The page's text, LF line endings and no BOM (as committed), or why it could not be had. */
async function download(url: string, fetchText: Fetch, timeoutMs: number): Promise<string> {
  let response: Awaited<ReturnType<Fetch>>;
  try {
    response = await fetchText(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}`);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = (await response.text()).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (/text\/html/i.test(response.headers.get("content-type") ?? "") || /^\s*<(!doctype|html)/i.test(text))
    throw new Error("answered HTML, not the page's Markdown");
  return text;
}

/**
 * Downloads the index and every page it lists; fails naming every URL that could not be read or
 * parsed. A listed page that documents no operation (a guide) is skipped, and said.
 */
export async function downloadSite(
  indexUrl: string,
  options: { fetch?: Fetch; timeoutMs?: number } = {},
): Promise<{ pages: DownloadedPage[]; skipped: SkippedPage[] }> {
  const fetchText = options.fetch ?? (globalThis.fetch as unknown as Fetch);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let index: string;
  try {
    index = await download(indexUrl, fetchText, timeoutMs);
  } catch (error) {
    throw new SiteError(`the index ${indexUrl} could not be downloaded: ${(error as Error).message}`);
  }
  const urls = indexedPages(index, indexUrl);
  if (urls.length === 0)
    throw new SiteError(`the index ${indexUrl} lists no page under ${new URL(".", indexUrl).href}`);
  const results = await Promise.allSettled(
    urls.map(async (url): Promise<DownloadedPage | SkippedPage> => {
      const text = await download(url, fetchText, timeoutMs);
      let extracted: ReturnType<typeof extractPage>;
      try {
        extracted = extractPage(url, text);
      } catch (error) {
        throw new Error(`cannot be read as a documentation page: ${(error as Error).message}`);
      }
      if (!documentsOperations(text, extracted.files.size))
        return { url, reason: "documents no operation (no OpenAPI fragment, no method and path)" };
      return { url, text, page: inFolderLanguage(extracted.page, url), fragments: extracted.files };
    }),
  );
  const failures = results.flatMap((result, i) =>
    result.status === "rejected" ? [`${urls[i]}: ${(result.reason as Error).message}`] : [],
  );
  if (failures.length)
    throw new SiteError(`${failures.length} of ${urls.length} pages failed:\n  ${failures.join("\n  ")}`);
  const read = results.map((result) => (result as PromiseFulfilledResult<DownloadedPage | SkippedPage>).value);
  const pages = read.filter((r): r is DownloadedPage => "page" in r);
  const skipped = read.filter((r): r is SkippedPage => !("page" in r));
  const slugs = new Map<string, string>();
  for (const { url, page } of pages) {
    const other = slugs.get(page.slug);
    if (other) throw new SiteError(`${url} and ${other} are the same page (${page.slug})`);
    slugs.set(page.slug, url);
  }
  if (pages.length === 0)
    throw new SiteError(
      `the index ${indexUrl} lists no API-reference page (${skipped.length} skipped: none documents an operation)`,
    );
  return { pages, skipped };
}
