import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '../src-main/app/settings-file';

describe('app settings file', () => {
  const path = () => join(mkdtempSync(join(tmpdir(), 'mmrouter-settings-')), 'settings.json');

  it('remembers the proxy port and switch across runs', () => {
    const p = path();
    expect(readSettings(p)).toEqual(DEFAULT_SETTINGS);
    writeSettings(p, { proxy: { enabled: false, port: 9090 } });
    expect(readSettings(p)).toEqual({ proxy: { enabled: false, port: 9090 } });
  });

  it('falls back to the defaults when the file is damaged or holds nonsense', () => {
    const p = path();
    writeFileSync(p, '{"proxy": {"enabled": tru');
    expect(readSettings(p)).toEqual(DEFAULT_SETTINGS);
    writeFileSync(p, JSON.stringify({ proxy: { enabled: true, port: 70000 } }));
    expect(readSettings(p)).toEqual(DEFAULT_SETTINGS);
  });
});
