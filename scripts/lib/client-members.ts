/**
 * The client's own members, beside the generated one-method-per-operation surface. The generator
 * (methods-codegen.ts) refuses an operationId that would shadow one of these, and a type test
 * (test/client/methods.test-d.ts) keeps this list equal to what `AlliClient` in src/client.ts declares.
 */
export const CLIENT_MEMBERS = [
  "baseUrl",
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "paginate",
  "stream",
  "auditLogs",
  "withOptions",
] as const;

/**
 * Names no method may take although no client declares them: `then` would make the client a
 * thenable (`await alli` would call it), and Object.prototype's members are read by runtimes and
 * libraries expecting the usual behaviour.
 */
export const FORBIDDEN_METHOD_NAMES = [
  "then",
  "constructor",
  "toString",
  "toJSON",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__proto__",
] as const;
