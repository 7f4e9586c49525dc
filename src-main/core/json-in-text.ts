/**
 * The JSON object in a model's answer. Models wrap JSON in code fences or prose despite being
 * asked not to, so take the outermost `{…}`; undefined when there is none or it does not parse.
 */
export function jsonObjectIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}
