import { describe, expect, it } from 'vitest';
import { spliceMembers, spliceMembersUtf8 } from '../src-main/core/providers/json-splice';
import { relayedBody } from '../src-main/core/providers/native-relay';
import { seededRandom } from '../src-main/core/seeded-random';

/** What the splice must equal: the parsed object with the patch applied, `undefined` removing. */
function expected(text: string, patch: Record<string, unknown>): unknown {
  const out = { ...(JSON.parse(text) as Record<string, unknown>), ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

const splice = spliceMembers;

/** Strings that trip naive scanners: quotes, backslashes, brackets and separators inside them, non-ASCII. */
const NASTY = ['', 'plain', 'say "hi"', 'C:\\path\\', '\\"', '}{][,:', 'ends with backslash \\', 'é 中文 🚀', '\u2028', '{"model":"x"}'];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 4 : 7));
  switch (pick) {
    case 0:
      return NASTY[Math.floor(rand() * NASTY.length)];
    case 1:
      return Math.round(rand() * 1e6) / 100 - 5000;
    case 2:
      return rand() < 0.5 ? null : rand() < 0.5;
    case 3:
      return `${NASTY[Math.floor(rand() * NASTY.length)]}${Math.floor(rand() * 100)}`;
    case 4:
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`${NASTY[Math.floor(rand() * NASTY.length)]}${i}`, randomValue(rand, depth + 1)]));
  }
}

describe('spliceMembers: top-level members edited in the JSON text itself', () => {
  it('agrees with parse, patch and serialise on random objects, in compact and pretty-printed form', () => {
    const rand = seededRandom(7);
    const keys = ['model', 'messages', 'stream', 'max_tokens', 'é', 'a"b', 'x\\y'];
    for (let n = 0; n < 500; n++) {
      const source: Record<string, unknown> = {};
      for (const key of keys) if (rand() < 0.6) source[key] = randomValue(rand, 0);
      const patch: Record<string, unknown> = {};
      for (const key of [...keys, 'added']) {
        const r = rand();
        if (r < 0.15) patch[key] = undefined;
        else if (r < 0.35) patch[key] = randomValue(rand, 1);
      }
      for (const text of [JSON.stringify(source), JSON.stringify(source, null, rand() < 0.5 ? 2 : '\t')]) {
        const out = splice(text, patch);
        expect(out, text).toBeDefined();
        expect(JSON.parse(out as string)).toEqual(expected(text, patch));
        // Cut from the client's bytes, the same text byte for byte.
        expect(spliceMembersUtf8(text, Buffer.from(text), patch)?.equals(Buffer.from(out as string)), text).toBe(true);
      }
    }
  });

  it('keeps every untouched byte as the client wrote it: number spellings, escapes, member order', () => {
    const text = '{"temperature":1.0,"messages":[{"role":"user","content":"caf\\u00e9 \\"quoted\\""}],"model":"auto","top_p":1e0}';
    expect(splice(text, { model: 'gpt-4o-mini' })).toBe('{"temperature":1.0,"messages":[{"role":"user","content":"caf\\u00e9 \\"quoted\\""}],"model":"gpt-4o-mini","top_p":1e0}');
  });

  it('removes the first, a middle, the last or the only member, and adds to an empty object, keeping the spacing around the rest', () => {
    expect(splice('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', { b: undefined, d: true })).toBe('{\n  "a": 1,\n  "c": 3,"d":true\n}');
    expect(splice('{"a":1,"b":2,"c":3}', { a: undefined })).toBe('{"b":2,"c":3}');
    expect(splice('{"a":1,"b":2,"c":3}', { b: undefined })).toBe('{"a":1,"c":3}');
    expect(splice('{"a":1,"b":2,"c":3}', { c: undefined, b: undefined })).toBe('{"a":1}');
    expect(splice('{"a":1}', { a: undefined })).toBe('{}');
    expect(splice(' { } ', { model: 'm' })).toBe(' { "model":"m"} ');
    expect(splice('{"a":1}', { gone: undefined })).toBe('{"a":1}');
  });

  it('matches a key written with escapes by its meaning', () => {
    expect(splice('{"\\u006dodel":"auto","x":1}', { model: 'm' })).toBe('{"\\u006dodel":"m","x":1}');
  });

  it('declines what it cannot edit safely, so the caller serialises the parsed body instead', () => {
    expect(splice('{"model":"a","model":"b"}', { model: 'm' })).toBeUndefined();
    expect(splice('[1,2]', { model: 'm' })).toBeUndefined();
    expect(splice('{"a":1} {"b":2}', { model: 'm' })).toBeUndefined();
    expect(splice('{"a":"unterminated}', { model: 'm' })).toBeUndefined();
    expect(splice('"text"', {})).toBeUndefined();
  });

  it('declines a body that names any member twice, which parsers read differently', () => {
    expect(splice('{"x":1,"x":2,"model":"auto"}', { model: 'm' })).toBeUndefined();
    expect(splice('{"messages":[1],"\\u006dessages":[2]}', { model: 'm' })).toBeUndefined();
  });
});

describe('relayedBody', () => {
  const turns = Array.from({ length: 40 }, (_, i) => `{"role": "${i % 2 ? 'assistant' : 'user'}", "content": "turn ${i} of a long conversation"}`);
  const raw = `{ "model": "auto", "messages": [${turns.join(', ')}], "max_tokens": 16 }`;
  const body = JSON.parse(raw) as Record<string, unknown>;

  it("sends a long conversation's own text with only the members the provider changed", () => {
    const out = relayedBody({ api: 'openai', body, raw, headers: {} }, { ...body, model: 'gpt-4o-mini', max_tokens: undefined, max_completion_tokens: 16, stream: true });
    expect(out).toBe(`{ "model": "gpt-4o-mini", "messages": [${turns.join(', ')}],"max_completion_tokens":16,"stream":true }`);
  });

  it("drops a member the provider's body leaves out", () => {
    const { max_tokens: _, ...rest } = body;
    expect(relayedBody({ api: 'openai', body, raw, headers: {} }, rest)).toBe(`{ "model": "auto", "messages": [${turns.join(', ')}] }`);
  });

  it("cuts the splice from the client's bytes when they are valid UTF-8, and works on the text when they are not", () => {
    const text = raw.replace('"auto"', '"auto", "note": "café 中文 🚀"');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const patched = { ...parsed, model: 'gpt-4o-mini' };
    const fromText = relayedBody({ api: 'openai', body: parsed, raw: text, headers: {} }, patched);
    const fromBytes = relayedBody({ api: 'openai', body: parsed, raw: text, received: Buffer.from(text), headers: {} }, patched);
    expect(Buffer.isBuffer(fromBytes) && fromBytes.equals(Buffer.from(fromText))).toBe(true);
    // A byte that is no UTF-8 decodes to U+FFFD, so the text is no longer those bytes' decoding.
    const invalid = Buffer.concat([Buffer.from(text), Buffer.from([0xff])]);
    expect(relayedBody({ api: 'openai', body: parsed, raw: text, received: invalid, headers: {} }, patched)).toBe(fromText);
  });

  it('serialises the body whole when the text is short or not at hand', () => {
    const short = '{ "model": "auto", "messages": [] }';
    expect(relayedBody({ api: 'openai', body: JSON.parse(short) as Record<string, unknown>, raw: short, headers: {} }, { model: 'm', messages: [] })).toBe('{"model":"m","messages":[]}');
    expect(relayedBody({ api: 'openai', body, headers: {} }, { ...body, model: 'm' })).toBe(JSON.stringify({ ...body, model: 'm' }));
  });
});
