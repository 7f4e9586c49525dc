import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sseData, sseEventBatches } from '../src-main/core/providers/sse-events';

/** The batches of events of a body delivered in exactly these network chunks. */
async function batchesOf(chunks: (string | Buffer)[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of sseEventBatches(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))))) out.push(batch);
  return out;
}

/** The events of a body delivered in exactly these network chunks. */
async function eventsOf(chunks: (string | Buffer)[]): Promise<string[]> {
  return (await batchesOf(chunks)).flat();
}

/** Every way of cutting `text` into two chunks at a byte offset, so no boundary case is missed. */
function allTwoWaySplits(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'utf8');
  const splits: Buffer[][] = [];
  for (let i = 1; i < bytes.length; i++) splits.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return splits;
}

describe('sseEventBatches', () => {
  it('batches the events each read completed, and never yields an empty batch', async () => {
    expect(await batchesOf(['data: 1\n\ndata: 2\n\nda', 'ta: 3\n', '\n', 'data: 4'])).toEqual([['data: 1', 'data: 2'], ['data: 3'], ['data: 4']]);
  });

  it('yields whole events without their blank line, whatever the chunking', async () => {
    const body = 'event: message_start\ndata: {"type":"message_start"}\n\ndata: {"n":1}\n\ndata: [DONE]\n\n';
    const expected = ['event: message_start\ndata: {"type":"message_start"}', 'data: {"n":1}', 'data: [DONE]'];
    expect(await eventsOf([body])).toEqual(expected);
    for (const chunks of allTwoWaySplits(body)) expect(await eventsOf(chunks)).toEqual(expected);
    expect(await eventsOf([...body])).toEqual(expected);
  });

  it('keeps multi-byte UTF-8 characters intact when a chunk ends inside one', async () => {
    const text = 'Grüße, €5 — 日本語 🙂';
    const body = `data: {"text":"${text}"}\n\n`;
    const bytes = Buffer.from(body, 'utf8');
    for (const chunks of allTwoWaySplits(body)) expect(await eventsOf(chunks)).toEqual([`data: {"text":"${text}"}`]);
    // One byte per chunk splits every character of the text.
    expect(await eventsOf([...bytes].map((b) => Buffer.from([b])))).toEqual([`data: {"text":"${text}"}`]);
  });

  it('accepts CRLF and bare CR line ends, including a CRLF pair split across two chunks', async () => {
    const expected = ['event: ping\ndata: {}', 'data: {"n":2}'];
    const crlf = 'event: ping\r\ndata: {}\r\n\r\ndata: {"n":2}\r\n\r\n';
    expect(await eventsOf([crlf])).toEqual(expected);
    for (const chunks of allTwoWaySplits(crlf)) expect(await eventsOf(chunks)).toEqual(expected);
    // The CR of the blank line's CRLF ends one chunk and its LF starts the next.
    expect(await eventsOf(['event: ping\r\ndata: {}\r\n\r', '\ndata: {"n":2}\r\n\r\n'])).toEqual(expected);
    expect(await eventsOf(['event: ping\rdata: {}\r\r', 'data: {"n":2}\r\r'])).toEqual(expected);
    expect(await eventsOf(['event: ping\rdata: {}\r', '\rdata: {"n":2}\r\r'])).toEqual(expected);
  });

  it('yields a final event that has no trailing blank line', async () => {
    expect(await eventsOf(['data: a\n\n', 'data: b'])).toEqual(['data: a', 'data: b']);
    expect(await eventsOf(['data: a\n\ndata: b\n'])).toEqual(['data: a', 'data: b']);
    expect(await eventsOf(['data: a\r\n\r\ndata: b\r\n'])).toEqual(['data: a', 'data: b']);
    expect(await eventsOf(['data: a\n\ndata: b\r'])).toEqual(['data: a', 'data: b']);
  });

  it('skips empty events and yields nothing for an empty body', async () => {
    expect(await eventsOf([])).toEqual([]);
    expect(await eventsOf(['\n\n\n\n'])).toEqual([]);
    expect(await eventsOf(['data: a\n\n\n\n\n\ndata: b\n\n'])).toEqual(['data: a', 'data: b']);
  });

  it('passes comment lines through as part of their event, where sseData ignores them', async () => {
    const events = await eventsOf([': keep-alive\n\n', ': OPENROUTER PROCESSING\ndata: {"n":1}\n\n']);
    expect(events).toEqual([': keep-alive', ': OPENROUTER PROCESSING\ndata: {"n":1}']);
    expect(events.map(sseData)).toEqual(['', '{"n":1}']);
  });
});

describe('sseData', () => {
  it('returns the value of a single data line', () => {
    expect(sseData('data: {"a":1}')).toBe('{"a":1}');
    expect(sseData('event: content_block_delta\ndata: {"a":1}')).toBe('{"a":1}');
    expect(sseData('data: [DONE]')).toBe('[DONE]');
  });

  it('joins several data lines with newlines', () => {
    expect(sseData('data: {"a":\ndata: 1}')).toBe('{"a":\n1}');
    expect(sseData('event: x\ndata: one\nid: 7\ndata: two')).toBe('one\ntwo');
  });

  it('takes `data:` without a space, and removes only one leading space', () => {
    expect(sseData('data:{"a":1}')).toBe('{"a":1}');
    expect(sseData('data:  indented')).toBe(' indented');
    expect(sseData('data:')).toBe('');
    expect(sseData('data:x\ndata: y')).toBe('x\ny');
  });

  it('is empty for an event without data', () => {
    expect(sseData('event: ping')).toBe('');
    expect(sseData(': comment')).toBe('');
    expect(sseData('retry: 1000')).toBe('');
  });
});
