/** Parsing of one exported documentation page: its title, language and fenced OpenAPI fragments. */

export type Language = "en" | "ja" | "ko";

export interface PageFragment {
  /** The `## ` heading the fragment stands under, as written on the page. */
  heading: string;
  /** 1-based line of the fence's opening line, for error messages. */
  line: number;
  document: OpenApiFragment;
}

export interface OpenApiFragment {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

export interface Page {
  title: string;
  language: Language;
  /** `<title-slug>.<language>`, the folder name of the page's fragments. */
  slug: string;
  fragments: PageFragment[];
}

const KANA = /[\u3040-\u30ff]/;
const HANGUL = /[\uac00-\ud7af]/;

/** The script a piece of text is written in: kana means Japanese, hangul Korean, else English. */
export function languageOf(text: string): Language {
  if (KANA.test(text)) return "ja";
  if (HANGUL.test(text)) return "ko";
  return "en";
}

/**
 * A page's language is that of most of its operation sections (heading and lead paragraph):
 * the Apps page has some Korean sections yet is an English page, and the Japanese
 * Conversations page keeps English headings such as "POST /webapi/..." above Japanese text.
 */
function pageLanguage(sections: string[]): Language {
  const counts = { en: 0, ja: 0, ko: 0 };
  for (const section of sections) counts[languageOf(section)]++;
  if (counts.ja > sections.length / 2) return "ja";
  if (counts.ko > sections.length / 2) return "ko";
  return "en";
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export class PageError extends Error {
  override name = "PageError";
}

/** Parses a page; `file` names the page in errors (and names it when its title has no Latin letters). */
export function parsePage(text: string, file: string): Page {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  // A GitBook export starts with "# Title"; the App Market export is rendered text whose first
  // non-blank line is the title.
  const titleLine = lines.find((l) => /^# \S/.test(l)) ?? lines.find((l) => l.trim() !== "");
  if (!titleLine) throw new PageError(`${file}: the page is empty`);
  const title = titleLine.replace(/^#\s+/, "").trim();

  const sections: string[] = [];
  const fragments: PageFragment[] = [];
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^# Agent Instructions/.test(line)) break; // GitBook's trailer, not API documentation
    const h2 = /^## (.+)$/.exec(line);
    if (h2) {
      heading = h2[1]!.replace(/\\(.)/g, "$1").trim();
      sections.push(heading);
      continue;
    }
    if (line.startsWith(">") && sections.length > 0) sections[sections.length - 1] += ` ${line}`;
    if (line.trim() !== "```json") continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== "```"; i++) body.push(lines[i]!);
    let document: OpenApiFragment;
    const source = body.join("\n");
    try {
      document = JSON.parse(source) as OpenApiFragment;
    } catch (error) {
      // A broken block that says it is OpenAPI is a broken fragment; any other is an example.
      if (!/"openapi"\s*:/.test(source)) continue;
      throw new PageError(
        `${file}: the json fragment under "## ${heading || "(no heading)"}" (line ${start + 1}) is not valid JSON: ${(error as Error).message}`,
      );
    }
    // Only an OpenAPI document is a fragment: pages also show example bodies as json blocks.
    if (!document || typeof document !== "object" || !("openapi" in document)) continue;
    fragments.push({ heading, line: start + 1, document });
  }
  const language = pageLanguage(sections);
  // A title in a script slugify drops (フォルダ) is named by its file or URL instead.
  const name =
    slugify(title) ||
    slugify(
      file
        .split(/[\\/]/)
        .pop()!
        .replace(/\.(md|txt)$/i, ""),
    ) ||
    "page";
  return { title, language, slug: `${name}.${language}`, fragments };
}
