import { utilityProcess, type UtilityProcess } from 'electron';
import type { ProxyChannel } from './controller';
import type { ProxyCommand, ProxyMessage, ProxyStatus } from './protocol';
import type { ProxyServiceEvents } from './service';
import { PROXY_YOUNG_GENERATION_FLAG } from '../../server/young-generation';

/** The proxy's process gets the serving young generation (see young-generation.ts). */
export const PROXY_EXEC_ARGV = [PROXY_YOUNG_GENERATION_FLAG];

/**
 * The main-process side of the proxy: forks the utility process on first use, sends it commands
 * and resolves each with the status it replies. If the process dies, waiting commands resolve to a
 * failed status and the next command forks a fresh one.
 */
export class UtilityProxy implements ProxyChannel {
  private child: UtilityProcess | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (status: ProxyStatus) => void>();
  private last: ProxyStatus;

  constructor(
    private readonly entry: string,
    private readonly events: ProxyServiceEvents,
    defaultPort: number,
  ) {
    this.last = { phase: 'off', port: defaultPort };
  }

  status(): ProxyStatus {
    return this.last;
  }

  send(command: ProxyCommand): Promise<ProxyStatus> {
    const child = this.child ?? this.fork();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      child.postMessage({ ...command, id });
    });
  }

  /** Stops the server (letting in-flight requests finish and the request log flush), then ends the process. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await this.send({ type: 'stop' });
    this.child = undefined;
    child.kill();
  }

  private fork(): UtilityProcess {
    const child = utilityProcess.fork(this.entry, [], { serviceName: 'mmrouter proxy', execArgv: PROXY_EXEC_ARGV, stdio: 'inherit' });
    child.on('message', (message: ProxyMessage) => {
      if (message.type === 'status') this.publish(message.status);
      else if (message.type === 'recorded') this.events.recorded(message.requests, message.lastTs);
      else if (message.type === 'policy') this.events.policy(message.event, message.breakers);
      else {
        this.waiting.get(message.id)?.(message.status);
        this.waiting.delete(message.id);
      }
    });
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.child = undefined;
      const status: ProxyStatus = { phase: 'failed', port: this.last.port, error: `The proxy process exited unexpectedly (code ${code}); switch it on again to restart it.` };
      this.publish(status);
      for (const resolve of this.waiting.values()) resolve(status);
      this.waiting.clear();
    });
    this.child = child;
    return child;
  }

  private publish(status: ProxyStatus): void {
    this.last = status;
    this.events.status(status);
  }
}
