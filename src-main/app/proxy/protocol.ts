import type { BreakerStatus } from '../../core/policies/breakers';
import type { PolicyEvent } from '../../core/policies/types';

/**
 * Messages between the main process and the proxy's utility process. Plain data: they cross a
 * MessagePort by structured clone, and provider keys travel in them (in memory, never on disk).
 */

export type ProxyPhase = 'off' | 'starting' | 'on' | 'stopping' | 'failed';

export interface ProxyStatus {
  phase: ProxyPhase;
  /** The port it listens on, or will listen on when started. */
  port: number;
  /** Base URL while on, e.g. http://127.0.0.1:8080 (clients add /v1). */
  url?: string;
  /** Why the last start failed, in one line (e.g. the port is in use). */
  error?: string;
}

export interface ProxySettings {
  /**
   * The config the window's router runs, as text: in demo mode with a trained model it exists only
   * in memory. `path` places relative paths (models, database) and names the file in errors.
   */
  config: { path: string; text: string };
  /** The request database, shared with the main process (SQLite in WAL mode). */
  databasePath: string;
  host: string;
  port: number;
  /** Provider keys by environment variable name (OPENAI_API_KEY…), from the key store. */
  keys: Record<string, string>;
  /** better_sqlite3.node built for Electron, when it sits beside the Node build. */
  nativeBinding?: string;
}

export type ProxyCommand =
  | { type: 'start'; settings: ProxySettings }
  | { type: 'stop' }
  /** New settings (config, keys, port): applied at once if running, else kept for the next start. */
  | { type: 'reload'; settings: ProxySettings }
  | { type: 'status' };

export type ProxyRequest = ProxyCommand & { id: number };

export type ProxyMessage =
  | { type: 'reply'; id: number; status: ProxyStatus }
  /** Pushed on every phase change, whoever caused it. */
  | { type: 'status'; status: ProxyStatus }
  /** Requests the proxy recorded since the last such message (throttled), for the GUI and the tray to refresh. */
  | { type: 'recorded'; requests: number; lastTs: number }
  /**
   * A policy changed state in the proxy's router (a breaker, the budget's level, an alert fired),
   * with its breakers after the change: breaker state lives in this process only, and main shows it.
   */
  | { type: 'policy'; event: PolicyEvent; breakers: BreakerStatus[] };
