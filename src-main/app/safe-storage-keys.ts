import { safeStorage } from 'electron';
import { ApiError } from '../../src-shared/contract/errors';
import type { KeyStore } from '../server/api/key-store';
import { EncryptedKeyFile, type Cipher } from './key-file';

/**
 * Electron's safeStorage as the key file's cipher: the OS keychain (macOS), DPAPI (Windows), or the
 * desktop's secret service (Linux). On a Linux desktop without one, Electron would fall back to a
 * hard-coded password; keys are refused then rather than stored as good as plain.
 */
const safeStorageCipher: Cipher = {
  encrypt(plain) {
    assertRealEncryption();
    return safeStorage.encryptString(plain);
  },
  decrypt(sealed) {
    return safeStorage.decryptString(sealed);
  },
};

function assertRealEncryption(): void {
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || weak) {
    throw new ApiError({
      code: 'unavailable',
      message: 'this system offers no keychain to encrypt keys with (on Linux: install and unlock gnome-keyring or KWallet); set the key as an environment variable before starting mmrouter instead',
    });
  }
}

/** The key-store port over the encrypted file in userData. */
export class SafeStorageKeyStore implements KeyStore {
  private readonly file: EncryptedKeyFile;

  constructor(path: string) {
    this.file = new EncryptedKeyFile(path, safeStorageCipher);
  }

  async list(): Promise<string[]> {
    return this.file.names();
  }

  async get(envVar: string): Promise<string | undefined> {
    return this.file.values()[envVar];
  }

  async set(envVar: string, key: string): Promise<void> {
    this.file.set(envVar, key);
  }

  async delete(envVar: string): Promise<void> {
    this.file.delete(envVar);
  }

  /** Every stored key, for the proxy process (sent over its message port, never written elsewhere). */
  values(): Record<string, string> {
    return this.file.values();
  }
}
