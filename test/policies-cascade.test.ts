import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { BIG, HAIKU, MINI, PRICES, callsTo, routes, startPolicyProxy, type PolicyProxy } from './support/policy-harness';

const PROMPT = 'What is the capital of France?';
const GOOD = 'Paris is the capital of France, on the Seine.';

function cost(model: string, input: number, output: number): number {
  const p = PRICES[model]!;
  return (input * p.input + output * p.output) / 1e6;
}

describe('cascade through the proxy', () => {
  let p: PolicyProxy;
  beforeEach(async () => {
    p = await startPolicyProxy('cascade: { enabled: true, max_escalations: 2, min_response_chars: 20 }', { routes: routes({ simple: [HAIKU], medium: [MINI], complex: [BIG] }) });
  });
  afterEach(() => p.close());

  it('returns the cheapest tier’s answer when it passes the gate, with no other call', async () => {
    p.mock.enqueue({ kind: 'reply', reply: { text: GOOD, usage: { input: 10, output: 12 } } }, { model: HAIKU });
    const { data, response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe(GOOD);
    expect(response.headers.get('x-mmrouter-policies')).toBe(`cascade=${HAIKU}:accepted`);
    expect(p.mock.requests.map((r) => r.model)).toEqual([HAIKU]);
  });

  it('escalates a hedging answer, pays for both, and answers with the next tier', async () => {
    p.mock.enqueue({ kind: 'reply', reply: { text: "I'm not sure, but it might be Lyon or Paris.", usage: { input: 10, output: 12 } } }, { model: HAIKU });
    p.mock.enqueue({ kind: 'reply', reply: { text: GOOD, usage: { input: 10, output: 12 } } }, { model: MINI });
    const { data, response } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe(GOOD);
    expect(response.headers.get('x-mmrouter-model')).toBe(MINI);
    expect(response.headers.get('x-mmrouter-policies')).toBe(`cascade=${HAIKU}:hedging,${MINI}:accepted`);
    const record = await p.record(response.headers.get('x-mmrouter-request-id')!);
    expect(record.costUsd).toBeCloseTo(cost(HAIKU, 10, 12) + cost(MINI, 10, 12), 12);
    expect(record.policies?.cascade).toEqual([
      { tier: 'simple', model: HAIKU, accepted: false, reason: 'hedging', costUsd: expect.closeTo(cost(HAIKU, 10, 12), 12) },
      { tier: 'medium', model: MINI, accepted: true, costUsd: expect.closeTo(cost(MINI, 10, 12), 12) },
    ]);
    expect(Number(response.headers.get('x-mmrouter-cost'))).toBeCloseTo(record.costUsd, 8);
  });

  it('holds a streamed cheap answer until it passes: a too-short one is never shown, the next tier streams', async () => {
    p.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.' } }, { model: HAIKU });
    p.mock.enqueue({ kind: 'reply', reply: { text: GOOD } }, { model: MINI });
    const stream = p.anthropic.messages.stream({ model: 'auto', max_tokens: 200, messages: [{ role: 'user', content: PROMPT }] });
    let shown = '';
    stream.on('text', (t) => (shown += t));
    const final = await stream.finalMessage();
    expect(shown).toBe(GOOD);
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: GOOD })]);
    expect(p.mock.requests.map((r) => r.model)).toEqual([HAIKU, MINI]);
  });

  it('escalates invalid JSON when JSON was asked for, and an answer cut off by max tokens, up to the top tier', async () => {
    p.mock.enqueue({ kind: 'reply', reply: { text: 'Sure! Here is the JSON you asked for: {"city": "Paris"' } }, { model: HAIKU });
    p.mock.enqueue({ kind: 'reply', reply: { text: '{"city": "Paris", "country": "Fr', finishReason: 'length' } }, { model: MINI });
    p.mock.enqueue({ kind: 'reply', reply: { text: '{"city": "Paris", "country": "France"}' } }, { model: BIG });
    const { data, response } = await p.openai.chat.completions
      .create({ model: 'auto', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: `${PROMPT} Answer in JSON.` }] })
      .withResponse();
    expect(JSON.parse(data.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris', country: 'France' });
    expect(response.headers.get('x-mmrouter-policies')).toBe(`cascade=${HAIKU}:invalid_json,${MINI}:truncated,${BIG}:accepted`);
  });

  it('escalates when every model of a cheap tier fails, and still answers', async () => {
    p.mock.enqueue({ kind: 'status', status: 503 }, { model: HAIKU });
    p.mock.enqueue({ kind: 'reply', reply: { text: GOOD } }, { model: MINI });
    const { data } = await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe(GOOD);
    expect(callsTo(p.mock, HAIKU)).toBe(1);
  });

  it('records each tier’s acceptance rate for mmrouter stats --detailed', async () => {
    p.mock.enqueue({ kind: 'reply', reply: { text: GOOD } }, { model: HAIKU });
    p.mock.enqueue({ kind: 'reply', reply: { text: 'No.' } }, { model: HAIKU });
    p.mock.enqueue({ kind: 'reply', reply: { text: GOOD } }, { model: MINI });
    for (const q of ['First question?', 'Second question?']) await p.openai.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `${PROMPT} ${q}` }] });
    await new Promise((r) => setTimeout(r, 100));
    const res = await runCli(['-c', p.configPath, '--json', 'stats', '--detailed'], { env: { HOME: p.dir } });
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as { detail: { policies: { cascade: unknown[] } } };
    expect(report.detail.policies.cascade).toEqual([
      { tier: 'medium', model: MINI, answers: 1, accepted: 1 },
      { tier: 'simple', model: HAIKU, answers: 2, accepted: 1 },
    ]);
    const text = await runCli(['-c', p.configPath, 'stats', '--detailed'], { env: { HOME: p.dir } });
    expect(text.stdout).toMatch(new RegExp(`Cascade acceptance\\n(.*\\n){3}simple +${HAIKU} +2 +1 +50\\.0%`));
  });
});
