// How deep a JSON text nests, found without parsing it. Uploaded values are walked recursively later (validation,
// JSON.stringify into the database), and a line 5,000 levels deep overflowed the stack there: the whole batch
// failed with no reason. Such a line is refused up front with its line number instead.

/** Deeper than any item needs (a conversation with metadata is about 6 levels). */
export const MAX_JSON_DEPTH = 64;

/** True when `text` nests objects and arrays more than `limit` levels deep. Strings are skipped, escapes included. */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > limit) return true;
    } else if (code === 125 || code === 93) depth--;
  }
  return false;
}
