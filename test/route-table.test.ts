import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readRouteTable, setRouteModel } from '../src-renderer/route-table';

const demo = readFileSync(new URL('../configs/demo.yaml', import.meta.url), 'utf8');

describe('route table form', () => {
  it('reads every cell and the defined models from a shipped config', () => {
    const table = readRouteTable(demo);
    expect(table?.models).toEqual(['claude-haiku-4-5-20251001', 'claude-sonnet-4-6', 'claude-opus-4-6']);
    expect(table?.cells.simple.factual).toBe('claude-haiku-4-5-20251001');
    expect(table?.cells.complex.reasoning).toBe('claude-opus-4-6');
  });

  it('changes one cell and leaves every other byte of the file as it was', () => {
    const out = setRouteModel(demo, 'simple', 'code', 'claude-opus-4-6');
    expect(readRouteTable(out)?.cells.simple.code).toBe('claude-opus-4-6');
    const before = '    code:      { model: claude-haiku-4-5-20251001, fallbacks: [claude-sonnet-4-6] }';
    const after = '    code:      { model: claude-opus-4-6, fallbacks: [claude-sonnet-4-6] }';
    expect(demo).toContain(before);
    expect(out).toBe(demo.replace(before, after));
  });

  it('quotes a name YAML would read otherwise', () => {
    const out = setRouteModel(demo, 'medium', 'code', 'gpt: mini, #2');
    expect(readRouteTable(out)?.cells.medium.code).toBe('gpt: mini, #2');
  });

  it('adds a missing cell', () => {
    const out = setRouteModel('# mine\nroutes:\n  simple: {}\n', 'simple', 'code', 'small');
    expect(readRouteTable(out)?.cells.simple.code).toBe('small');
    expect(out).toContain('# mine');
  });

  it('keeps a bare-name cell a bare name', () => {
    const text = 'routes:\n  simple:\n    factual: small # cheap\n';
    expect(setRouteModel(text, 'simple', 'factual', 'big')).toBe('routes:\n  simple:\n    factual: big # cheap\n');
  });

  it('leaves unparseable text alone', () => {
    expect(readRouteTable('routes: [')).toBeNull();
    expect(setRouteModel('routes: [', 'simple', 'factual', 'x')).toBe('routes: [');
  });
});
