import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ProviderType } from '../src-shared/config-schema';
import { parseRetryAfter, redactSecrets } from '../src-main/core/providers/errors';
import { nativeEndpoint, streamedError } from '../src-main/core/providers/native-http';
import { ask, OPTS, TEST_ENV, TEST_KEY } from './support/provider-harness';
import { createProvider } from '../src-main/core/providers/factory';

const endpoint = nativeEndpoint('p', new URL('http://127.0.0.1:1/v1/messages'), {}, [TEST_KEY]);

describe('retry-after parsing', () => {
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500.4', 'retry-after': '9' }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });
});

describe('key redaction', () => {
  it('removes the exact key and anything key-shaped', () => {
    const text = 'keys: my-own-secret, sk-proj-abcdefgh1234, sk-ant-api03-XYZxyz987654, AIzaSyA1234567890abcdef, Authorization: Bearer abc.def.ghi123';
    const out = redactSecrets(text, ['my-own-secret']);
    for (const secret of ['my-own-secret', 'sk-proj-abcdefgh1234', 'sk-ant-api03', 'AIzaSyA1234567890abcdef', 'abc.def.ghi123']) expect(out).not.toContain(secret);
    expect(out).toContain('Bearer [redacted]');
  });
});

describe('errors that arrive inside a stream (HTTP 200, error event)', () => {
  it('classifies Anthropic error events by their type and keeps the event as sent', () => {
    const event = (type: ErrorType) => streamedError({ type: 'error', error: { type, message: 'x' } }, endpoint);
    expect(event('overloaded_error').errorClass).toBe('overloaded');
    expect(event('rate_limit_error').errorClass).toBe('rate_limit');
    expect(event('api_error').errorClass).toBe('server');
    expect(event('invalid_request_error').errorClass).toBe('bad_request');
    expect(event('authentication_error').errorClass).toBe('auth');
    expect(event('overloaded_error').upstreamBody).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'x' } });
  });

  it('classifies OpenAI error chunks, keeps the body in its wire shape, and shows no key', () => {
    const err = streamedError({ error: { message: `boom with ${TEST_KEY}`, type: 'server_error' } }, endpoint);
    expect(err.errorClass).toBe('server');
    expect(err.message).toBe('p: boom with [redacted]');
    expect(err.upstreamBody).toEqual({ error: { message: 'boom with [redacted]', type: 'server_error' } });
  });
});

describe('connection reuse', () => {
  it.each<ProviderType>(['openai', 'anthropic'])('%s: consecutive calls of one provider reuse keep-alive connections', async (type) => {
    const ports: number[] = [];
    const server = createServer((req, res) => {
      ports.push(req.socket.remotePort ?? -1);
      req.resume();
      req.on('end', () => {
        const body =
          type === 'openai'
            ? { id: 'c1', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] }
            : { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const provider = createProvider(
        { name: 'reuse', type, baseUrl: type === 'openai' ? `${url}/v1` : url, timeoutMs: 5000, maxRetries: 0, headers: {} },
        { env: TEST_ENV, simulatorProfiles: new Map() },
      );
      for (let i = 0; i < 8; i++) expect((await provider.complete('m', ask('hi'), OPTS)).text).toBe('ok');
      expect(ports).toHaveLength(8);
      // undici may open another socket while one is being released, but never one per call.
      expect(new Set(ports).size).toBeLessThanOrEqual(3);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
