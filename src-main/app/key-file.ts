import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write';

/** Encrypts with a key the OS holds (Electron's safeStorage in the app). */
export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** Provider keys are named by the environment variable the provider reads them from. */
const KEY_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Provider API keys, encrypted one by one into a JSON file ({ "OPENAI_API_KEY": "<base64>" }). The
 * plain values exist only in memory: they are decrypted when the proxy or the router needs them and
 * are never listed, logged or returned to the GUI (which sees only which names are set).
 */
export class EncryptedKeyFile {
  constructor(
    private readonly path: string,
    private readonly cipher: Cipher,
  ) {}

  /** Names of the keys that are set, sorted. */
  names(): string[] {
    return Object.keys(this.read()).sort();
  }

  set(name: string, value: string): void {
    assertName(name);
    const trimmed = value.trim();
    if (trimmed === '') throw new Error(`the value for ${name} is empty: paste the key, or remove it instead`);
    this.write({ ...this.read(), [name]: this.cipher.encrypt(trimmed).toString('base64') });
  }

  delete(name: string): void {
    const sealed = this.read();
    if (!(name in sealed)) return;
    delete sealed[name];
    this.write(sealed);
  }

  /** Every key in plain text, for handing to the router as environment variables. */
  values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, sealed] of Object.entries(this.read())) out[name] = this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    return out;
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${this.path} is not a key file; move it aside to start over`);
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => KEY_NAME.test(e[0]) && typeof e[1] === 'string'));
  }

  private write(sealed: Record<string, string>): void {
    // Readable by this user only; whole or not at all, so a crash never loses every key.
    writeFileAtomic(this.path, `${JSON.stringify(sealed, null, 2)}\n`, 0o600);
  }
}

function assertName(name: string): void {
  if (!KEY_NAME.test(name)) throw new Error(`'${name}' is not a key name: use the provider's environment variable, e.g. OPENAI_API_KEY`);
}
