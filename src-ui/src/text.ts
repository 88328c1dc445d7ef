/**
 * A value of unknown type as text: what `String(value)` gives, except that a plain object shows as
 * JSON rather than `[object Object]`.
 */
export function toText(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return String(value);
}

/** What a rejected promise or a thrown value says: an error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : toText(error);
}
