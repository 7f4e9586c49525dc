/**
 * A deterministic value that satisfies a JSON Schema, for the simulator's JSON mode: enough of
 * JSON Schema for structured-output requests (objects, arrays, enums, bounded numbers), so that
 * callers which parse the answer (the LLM classifier, the quality judge) work in the demo too.
 */
type Schema = Record<string, unknown>;

export function valueForSchema(schema: unknown, random: () => number, text: string, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return text;
  const s = schema as Schema;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[Math.floor(random() * s.enum.length)];
  if ('const' in s) return s.const;
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return valueForSchema(variants[0], random, text, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valueForSchema(sub, random, text, depth + 1)]));
    }
    case 'array':
      return [valueForSchema(s.items, random, text, depth + 1)];
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : 0;
      const max = typeof s.maximum === 'number' ? s.maximum : min + 10;
      const n = min + random() * (max - min);
      return type === 'integer' ? Math.round(n) : Math.round(n * 100) / 100;
    }
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return text;
  }
}
