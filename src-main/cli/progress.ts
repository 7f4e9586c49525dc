/** A one-line progress counter on a terminal's stderr; silent when stderr is piped or a file. */
export function progress(label: string): { update(done: number, total: number, phase?: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done, total, phase) {
      if (!tty) return;
      const now = Date.now();
      if (done !== total && now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[K${label}${phase ? ` (${phase})` : ''} ${done}/${total}`);
    },
    done() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}
