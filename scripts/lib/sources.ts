/** Loads the merge's inputs: extracted fragments and the hand-written extra operations. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Language, OpenApiFragment } from "./page.js";

export interface Source {
  /** Where the fragment came from, e.g. `conversations.ja/get-webapi-v2-conversations.json`. */
  name: string;
  language: Language;
  document: OpenApiFragment;
  /** Written by hand in openapi/extra/ from a page without fragments: an upstream fragment supersedes it. */
  handWritten?: boolean;
}

const LANGUAGES: Record<string, Language> = { en: "en", ja: "ja", ko: "ko" };

export function loadSources(fragmentsDir: string, extraDir: string): Source[] {
  const sources: Source[] = [];
  if (existsSync(fragmentsDir)) {
    for (const page of readdirSync(fragmentsDir).sort()) {
      const language = LANGUAGES[page.split(".").pop() ?? ""];
      if (!language) throw new Error(`openapi/fragments/${page}: folder name must end in .en, .ja or .ko`);
      for (const file of readdirSync(join(fragmentsDir, page)).sort()) {
        if (!file.endsWith(".json")) continue;
        const document = JSON.parse(readFileSync(join(fragmentsDir, page, file), "utf8")) as OpenApiFragment;
        sources.push({ name: `${page}/${file}`, language, document });
      }
    }
  }
  if (existsSync(extraDir)) {
    for (const file of readdirSync(extraDir).sort()) {
      if (!/\.ya?ml$/.test(file)) continue;
      const document = parseYaml(readFileSync(join(extraDir, file), "utf8")) as OpenApiFragment;
      sources.push({ name: `extra/${file}`, language: "en", document, handWritten: true });
    }
  }
  return sources;
}
