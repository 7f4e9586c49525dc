import { execFileSync } from 'node:child_process';

// Integration tests run the real `mmrouter` binary, so it must be built from the current source.
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
