import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, prepareAppData } from '../src-main/app/app-data';

const shipped = join(__dirname, '..', 'configs');

describe('app data folder', () => {
  it('copies every shipped config on first run and keeps the user\'s edits afterwards', () => {
    const paths = appPaths(mkdtempSync(join(tmpdir(), 'mmrouter-userdata-')));
    const presets = readdirSync(shipped).filter((n) => n.endsWith('.yaml')).sort();
    expect(prepareAppData(paths, shipped)).toEqual(presets);
    expect(readdirSync(paths.configs).sort()).toEqual(presets);

    writeFileSync(join(paths.configs, 'demo.yaml'), '# my edits\n');
    expect(prepareAppData(paths, shipped)).toEqual([]);
    expect(readFileSync(join(paths.configs, 'demo.yaml'), 'utf8')).toBe('# my edits\n');
  });

  it('puts everything it writes under userData', () => {
    const paths = appPaths('/home/u/.config/mmrouter');
    for (const p of [paths.userConfig, paths.configs, paths.models, paths.database, paths.keys, paths.settings]) expect(p.startsWith('/home/u/.config/mmrouter/')).toBe(true);
  });
});
