import { InvalidInputError } from "../errors.js";

/** A whole number ≥ `min`, or undefined when absent; anything else is an InvalidInputError naming `field`. */
export function optionalWholeNumber(field: string, value: unknown, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) throw new InvalidInputError(field, `must be a whole number ≥ ${min}`);
  return value;
}
