import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../src-main/app/native-binding';

describe('the Electron build of better-sqlite3', () => {
  const pkg = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmrouter-bsq-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"better-sqlite3"}');
    return dir;
  };

  it('is used when npm run rebuild:electron put it beside the Node build', () => {
    const dir = pkg();
    mkdirSync(join(dir, 'build', 'electron'), { recursive: true });
    writeFileSync(join(dir, 'build', 'electron', 'better_sqlite3.node'), '');
    expect(electronSqliteBinding(() => join(dir, 'package.json'))).toBe(join(dir, 'build', 'electron', 'better_sqlite3.node'));
  });

  it('is not asked for otherwise, so a packaged app loads the one electron-builder rebuilt', () => {
    const dir = pkg();
    expect(electronSqliteBinding(() => join(dir, 'package.json'))).toBeUndefined();
  });
});
