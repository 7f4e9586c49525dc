import { describe, expect, it } from 'vitest';
import { spliceMembers } from '../src-main/core/providers/json-splice';
import { relayedBody } from '../src-main/core/providers/native-relay';
import { seededRandom } from '../src-main/core/seeded-random';

/** What the splice must equal: the parsed object with the patch applied, `undefined` removing. */
function expected(text: string, patch: Record<string, unknown>): unknown {
  const out = { ...(JSON.parse(text) as Record<string, unknown>), ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

/** The splice of a text's UTF-8 bytes, read back as text. */
const splice = (text: string, patch: Record<string, unknown>): string | undefined => spliceMembers(Buffer.from(text), patch)?.toString('utf8');

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

describe("spliceMembers: top-level members edited in the client's bytes themselves", () => {
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
        // The Latin-1 reading the server hands over for an ASCII body gives the same bytes.
        const bytes = Buffer.from(text);
        expect(spliceMembers(bytes, patch, bytes.toString('latin1'))?.toString('utf8')).toBe(out);
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

  it('matches a key by its meaning, written with escapes or in non-ASCII characters', () => {
    expect(splice('{"\\u006dodel":"auto","x":1}', { model: 'm' })).toBe('{"\\u006dodel":"m","x":1}');
    expect(splice('{"café":"auto","x":1}', { café: 'm' })).toBe('{"café":"m","x":1}');
    expect(splice('{"café":1,"caf\\u00e9":2}', { x: 1 })).toBeUndefined();
  });

  it('passes bytes that are not UTF-8 on untouched, as the client sent them', () => {
    const bytes = Buffer.concat([Buffer.from('{"note":"'), Buffer.from([0xff, 0xc3]), Buffer.from('","model":"auto"}')]);
    const out = spliceMembers(bytes, { model: 'm' });
    expect(out?.equals(Buffer.concat([Buffer.from('{"note":"'), Buffer.from([0xff, 0xc3]), Buffer.from('","model":"m"}')]))).toBe(true);
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
  const received = Buffer.from(raw);
  const body = JSON.parse(raw) as Record<string, unknown>;
  const text = (out: string | Buffer): string => out.toString();

  it("sends a long conversation's own bytes with only the members the provider changed", () => {
    const out = relayedBody({ api: 'openai', body, received, headers: {} }, { ...body, model: 'gpt-4o-mini', max_tokens: undefined, max_completion_tokens: 16, stream: true });
    expect(text(out)).toBe(`{ "model": "gpt-4o-mini", "messages": [${turns.join(', ')}],"max_completion_tokens":16,"stream":true }`);
  });

  it("drops a member the provider's body leaves out", () => {
    const { max_tokens: _, ...rest } = body;
    expect(text(relayedBody({ api: 'openai', body, received, headers: {} }, rest))).toBe(`{ "model": "auto", "messages": [${turns.join(', ')}] }`);
  });

  it("keeps the client's non-ASCII characters as the bytes it sent", () => {
    const withNote = raw.replace('"auto"', '"auto", "note": "café 中文 🚀"');
    const parsed = JSON.parse(withNote) as Record<string, unknown>;
    const out = relayedBody({ api: 'openai', body: parsed, received: Buffer.from(withNote), headers: {} }, { ...parsed, model: 'gpt-4o-mini' });
    expect(Buffer.isBuffer(out) && out.equals(Buffer.from(withNote.replace('"auto"', '"gpt-4o-mini"')))).toBe(true);
  });

  it('never passes bytes that are not UTF-8 on: the parsed body goes, serialised with its replacement characters', () => {
    const text = raw.replace('"auto"', '"auto", "note": "X"');
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf('"X"') + 1] = 0xff;
    const parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const out = relayedBody({ api: 'openai', body: parsed, received: bytes, headers: {} }, { ...parsed, model: 'gpt-4o-mini' });
    expect(out).toBe(JSON.stringify({ ...parsed, model: 'gpt-4o-mini' }));
    expect(out).toContain('\ufffd');
  });

  it('serialises the body whole when it is short or the bytes are not one JSON object', () => {
    const short = '{ "model": "auto", "messages": [] }';
    expect(relayedBody({ api: 'openai', body: JSON.parse(short) as Record<string, unknown>, received: Buffer.from(short), headers: {} }, { model: 'm', messages: [] })).toBe('{"model":"m","messages":[]}');
    const twice = Buffer.from(raw.replace('"max_tokens": 16', '"max_tokens": 16, "max_tokens": 8'));
    expect(relayedBody({ api: 'openai', body, received: twice, headers: {} }, { ...body, model: 'm' })).toBe(JSON.stringify({ ...body, model: 'm' }));
  });
});
