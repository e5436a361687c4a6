// @ts-check
/** `npm run docs`: the API reference of the public surface (src/index.ts), warnings are errors. */
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  // The package's two entry points: "alli-sdk" and "alli-sdk/testing".
  entryPoints: ["src/index.ts", "src/testing.ts"],
  out: "docs/api",
  name: "alli-sdk",
  readme: "README.md",
  excludeInternal: true,
  excludePrivate: true,
  treatWarningsAsErrors: true,
  // The source links would need a git remote; a clone may have none.
  disableSources: true,
  // openapi-typescript writes @description and @example tags in generated/schema.ts.
  blockTags: [...OptionDefaults.blockTags, "@description"],
  validation: { notExported: true, invalidLink: true, notDocumented: false },
  // Type-level helpers that public signatures are built from; users never name them.
  intentionallyNotExported: [
    "ErrorFields",
    "Field",
    "OperationOf",
    "ItemsOf",
    "PositionByStyle",
    "DeclaredEvent",
    "AuditLogColumns",
    "DownloadPath",
    "servers",
    "paginated",
    "streaming",
    "operations",
    "StreamEvents",
    "Flatten",
    "QueryOf",
    "BodyOf",
    "OkContent",
    "JsonOf",
    // The function types of the client's members, shown where the members are documented.
    "AlliMethod",
    "Paginate",
    "StreamFn",
  ],
};
