/** A bench's whole-number setting: its positional argument, else its environment variable, else the default. */
export function setting(position: number, env: string, fallback: number, min = 0): number {
  const raw = process.argv[2 + position] ?? process.env[env];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${env} (argument ${position + 1}) must be a whole number ≥ ${min}, got ${raw}`);
  return value;
}
