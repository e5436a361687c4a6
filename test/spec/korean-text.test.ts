/** CONTRIBUTING names the description strings that stay Korean (no English page gives them): exactly those. */
import { expect, it } from "vitest";
import { spec } from "../helpers/spec.js";

const HANGUL = /[\uac00-\ud7af]/;

function koreanStrings(value: unknown, pointer = ""): string[] {
  if (typeof value === "string") return HANGUL.test(value) ? [pointer] : [];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => koreanStrings(inner, `${pointer}/${key}`));
}

it("keeps Korean only in the 60 descriptions no English page gives, where CONTRIBUTING says", () => {
  const found = koreanStrings(spec);
  expect(found.every((pointer) => pointer.endsWith("/description"))).toBe(true);
  const where = (prefix: string) => found.filter((pointer) => pointer.startsWith(prefix)).length;
  expect({
    generativeAnswer: where("/paths//webapi/generative_answer/post/"),
    sendChatResult: where(
      "/paths//webapi/send_chat/post/responses/200/content/application/json/schema/properties/result/",
    ),
    startConversationResult: where(
      "/paths//webapi/start_conversation/post/responses/200/content/application/json/schema/properties/result/",
    ),
    skillErrors: where("/paths//webapi/skill/post/responses/4"),
    accessSchemas: where("/components/schemas/AccessAgent/") + where("/components/schemas/AccessPermissionGroup/"),
    total: found.length,
  }).toEqual({
    generativeAnswer: 38,
    sendChatResult: 8,
    startConversationResult: 8,
    skillErrors: 2,
    accessSchemas: 4,
    total: 60,
  });
});
