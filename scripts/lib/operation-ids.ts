/**
 * The operationId rule. Upstream ids for the v2 API are Django module paths
 * (`django_server_llm_app_views_rest_conversation_api_get_list_conversations`); an SDK user
 * wants the view function's own name in camelCase (`listConversations`).
 */

const DJANGO_VIEW = /^django_server_.*?_views_rest_(?:.*_)?api_([a-z0-9_]+)$/;

function camelCase(words: string[]): string {
  return words
    .filter(Boolean)
    .map((word, i) => (i === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()))
    .join("");
}

/**
 * The view function's name after the last `_api_`, with `get_list_x` read as `list_x` and a
 * trailing `_by_id` dropped (the path parameter already says it); ids that are not Django paths
 * are kept when already camelCase, else camelCased.
 */
export function deriveOperationId(upstream: string | undefined, method: string, path: string): string {
  if (upstream) {
    const view = DJANGO_VIEW.exec(upstream);
    if (view) {
      const name = view[1]!.replace(/^get_list_/, "list_").replace(/_by_id$/, "");
      return camelCase(name.split("_"));
    }
    if (/^[a-z][a-zA-Z0-9]*$/.test(upstream)) return upstream;
    return camelCase(upstream.split(/[^a-zA-Z0-9]+/));
  }
  // No id at all: the method and the path's literal segments.
  return camelCase([
    method,
    ...path
      .split("/")
      .filter((s) => s && !s.startsWith("{") && s !== "webapi" && !/^v\d+$/.test(s))
      .flatMap((s) => s.split(/[_-]/)),
  ]);
}

export const isCamelCase = (id: string) => /^[a-z][a-zA-Z0-9]*$/.test(id);
