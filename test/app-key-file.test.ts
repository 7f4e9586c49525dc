import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EncryptedKeyFile, type Cipher } from '../src-main/app/key-file';

/** AES-256-GCM under a key held in memory, standing where the OS keychain (safeStorage) is in the app. */
function osCipher(key = randomBytes(32)): Cipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const SECRET = 'sk-ant-api03-THIS-MUST-NOT-BE-ON-DISK';

describe('encrypted key file', () => {
  let path: string;
  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'mmrouter-keys-')), 'nested', 'keys.json');
  });

  it('keeps keys only encrypted on disk, readable only by whoever holds the OS key', () => {
    const cipher = osCipher();
    const keys = new EncryptedKeyFile(path, cipher);
    keys.set('ANTHROPIC_API_KEY', `  ${SECRET}\n`);
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(new EncryptedKeyFile(path, cipher).values()).toEqual({ ANTHROPIC_API_KEY: SECRET });
    expect(() => new EncryptedKeyFile(path, osCipher()).values()).toThrow();
  });

  it('lists names, not values, and deletes', () => {
    const keys = new EncryptedKeyFile(path, osCipher());
    expect(keys.names()).toEqual([]);
    keys.set('OPENAI_API_KEY', 'sk-1');
    keys.set('ANTHROPIC_API_KEY', 'sk-2');
    expect(keys.names()).toEqual(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']);
    keys.delete('OPENAI_API_KEY');
    keys.delete('NEVER_SET');
    expect(keys.names()).toEqual(['ANTHROPIC_API_KEY']);
  });

  it('refuses names that are not environment variables and empty values, saying what to do', () => {
    const keys = new EncryptedKeyFile(path, osCipher());
    expect(() => keys.set('openai', 'sk')).toThrow("'openai' is not a key name: use the provider's environment variable, e.g. OPENAI_API_KEY");
    expect(() => keys.set('PATH', '  ')).toThrow('the value for PATH is empty');
    expect(keys.names()).toEqual([]);
  });

  it('ignores entries a hand edit broke instead of handing them to the router', () => {
    const keys = new EncryptedKeyFile(path, osCipher());
    keys.set('OPENAI_API_KEY', 'sk-1');
    const sealed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...sealed, 'bad name': 'x', NUMBER_KEY: 3 }));
    expect(keys.names()).toEqual(['OPENAI_API_KEY']);
  });
});
