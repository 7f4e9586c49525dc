import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

/** What the app remembers between runs that is not routing config: where the proxy was, and whether on. */
const SettingsSchema = z.object({
  proxy: z.object({ enabled: z.boolean(), port: z.number().int().min(1).max(65535) }),
});
export type AppSettings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: AppSettings = { proxy: { enabled: true, port: 8080 } };

/** The saved settings, or the defaults when the file is missing or unreadable (a damaged file costs a preference, not a start). */
export function readSettings(path: string): AppSettings {
  try {
    const parsed = SettingsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function writeSettings(path: string, settings: AppSettings): void {
  writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`);
}
