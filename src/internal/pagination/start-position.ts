/**
 * Where a walk starts, from the caller's `resumeFrom` option or else the page parameter already in
 * the query: checked here, before the network, with an error naming the field and the rule.
 */
import { InvalidInputError } from "../../errors.js";
import { optionalWholeNumber } from "../whole-number.js";

/** The value of `key` in `resumeFrom` (field `resumeFrom.key`), else of `param` in the query (`query.param`). */
export function startValue(
  resumeFrom: object | undefined,
  key: string,
  query: Record<string, unknown>,
  param: string,
): { value: unknown; field: string } {
  if (resumeFrom && key in resumeFrom) return { value: (resumeFrom as Record<string, unknown>)[key], field: `resumeFrom.${key}` };
  return { value: query[param], field: `query.${param}` };
}

/** A whole number ≥ `min`, or undefined when absent; anything else is an InvalidInputError. */
export function startInteger({ value, field }: { value: unknown; field: string }, min: number): number | undefined {
  return optionalWholeNumber(field, value, min);
}

/** A cursor string, or null for the first page; anything else is an InvalidInputError. */
export function startCursor({ value, field }: { value: unknown; field: string }): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw new InvalidInputError(field, "must be a cursor string or null");
  return value;
}
