/**
 * Where API keys typed into the GUI are kept, by the environment variable they stand in for
 * (ANTHROPIC_API_KEY…). The desktop app implements it with Electron's safeStorage; web mode keeps
 * keys in memory for the life of the process. Keys are only ever handed to the core.
 */
export interface KeyStore {
  /** Environment variable names that have a stored key. */
  list(): Promise<string[]>;
  get(envVar: string): Promise<string | undefined>;
  set(envVar: string, key: string): Promise<void>;
  delete(envVar: string): Promise<void>;
}

export class MemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, string>();

  async list(): Promise<string[]> {
    return [...this.keys.keys()];
  }

  async get(envVar: string): Promise<string | undefined> {
    return this.keys.get(envVar);
  }

  async set(envVar: string, key: string): Promise<void> {
    this.keys.set(envVar, key);
  }

  async delete(envVar: string): Promise<void> {
    this.keys.delete(envVar);
  }
}
