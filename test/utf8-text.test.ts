import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src-main/core/seeded-random';
import { utf8Text } from '../src-main/core/utf8-text';

describe('utf8Text: a request body decoded as Node decodes UTF-8', () => {
  it('gives the same text as Buffer#toString for ASCII, other characters, emoji and a byte-order mark', () => {
    for (const text of ['', '{"model":"auto"}', 'café … — “quoted” 中文', '🚀 and 𝄞 beyond the BMP', '\uFEFF{"a":1}', '\u2028\u2029\u0000']) {
      expect(utf8Text(Buffer.from(text))).toBe(text);
    }
  });

  it('replaces bytes that are not UTF-8 exactly as Buffer#toString does', () => {
    const broken = [[0xff], [0xc3], [0xe2, 0x80], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x61, 0xe2, 0x28, 0xa1, 0x62]];
    for (const bytes of broken) {
      const body = Buffer.concat([Buffer.from('{"x":"'), Buffer.from(bytes), Buffer.from('"}')]);
      expect(utf8Text(body)).toBe(body.toString('utf8'));
    }
  });

  it('agrees with Buffer#toString on random bytes, mostly ASCII with some of every other kind', () => {
    const rand = seededRandom(11);
    for (let n = 0; n < 2000; n++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => (rand() < 0.8 ? Math.floor(rand() * 128) : Math.floor(rand() * 256))));
      expect(utf8Text(bytes), bytes.toString('hex')).toBe(bytes.toString('utf8'));
    }
  });
});
