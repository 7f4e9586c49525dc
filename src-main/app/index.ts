/** Electron main entry: one instance, app data where the OS keeps it, then the composition root. */
import { app, dialog } from 'electron';
import { startDesktop } from './desktop';
import { registerAppScheme } from './window';

// For tests and portable setups: keep everything under another folder than the OS's app data.
if (process.env.MMROUTER_USER_DATA) app.setPath('userData', process.env.MMROUTER_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  // The running instance shows its window (second-instance); this one has nothing to do.
  app.quit();
} else {
  registerAppScheme();
  app
    .whenReady()
    .then(startDesktop)
    .catch((err: unknown) => {
      // e.g. better-sqlite3 built for Node rather than Electron: the message names `npm run rebuild:electron`.
      const message = (err instanceof Error ? err.message : String(err)).split('\n', 1)[0] ?? '';
      process.stderr.write(`mmrouter: cannot start: ${message}\n`);
      dialog.showErrorBox('mmrouter cannot start', message);
      app.exit(1);
    });
}
