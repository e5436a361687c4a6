import { InvalidInputError } from "../errors.js";

/** A whole number from `min` to `max`, or undefined when absent; anything else is an InvalidInputError naming `field`. */
export function optionalWholeNumber(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const rule = max === Number.MAX_SAFE_INTEGER ? `must be a whole number ≥ ${min}` : `must be a whole number from ${min} to ${max}`;
    throw new InvalidInputError(field, `${rule}, got ${typeof value === "number" ? value : JSON.stringify(value) ?? typeof value}`);
  }
  return value;
}
