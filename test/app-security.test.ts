import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, contentSecurityPolicy, isOwnPage, isSafeExternalUrl, mainWindowOptions, rendererFileFor, rendererOrigin } from '../src-main/app/security';

describe('main window options', () => {
  const prefs = mainWindowOptions('/app/out/preload/index.js', false).webPreferences ?? {};

  it('keeps web content isolated from Node', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('opens hidden at 1280x800 so the first paint is the GUI, not a white frame', () => {
    expect(mainWindowOptions('p', false)).toMatchObject({ show: false, width: 1280, height: 800 });
  });

  it('paints the background in the OS theme\'s colour', () => {
    expect(mainWindowOptions('p', true).backgroundColor).toBe('#14171c');
    expect(mainWindowOptions('p', false).backgroundColor).toBe('#f6f7f9');
  });
});

describe('content security policy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

  it('allows only our own scripts and no network in a build', () => {
    const csp = directives(contentSecurityPolicy(undefined));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy(undefined)).not.toMatch(/unsafe-eval|\*/);
  });

  it('lets the dev server and its update socket in during development only', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:5173/'));
    expect(csp.get('script-src')).toContain('http://localhost:5173');
    expect(csp.get('connect-src')).toContain('ws://localhost:5173');
    expect(contentSecurityPolicy('http://localhost:5173/')).not.toContain('unsafe-eval');
  });
});

describe('navigation', () => {
  it('stays within the renderer origin', () => {
    expect(isOwnPage(`${APP_ORIGIN}/index.html#/analytics`, APP_ORIGIN)).toBe(true);
    expect(isOwnPage('app://evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isOwnPage('https://example.com/', APP_ORIGIN)).toBe(false);
    expect(isOwnPage('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isOwnPage('http://localhost:5173/x', rendererOrigin('http://localhost:5173/'))).toBe(true);
    expect(isOwnPage('http://localhost:5174/x', rendererOrigin('http://localhost:5173/'))).toBe(false);
  });

  it('sends only https links to the browser', () => {
    expect(isSafeExternalUrl('https://platform.openai.com/api-keys')).toBe(true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com', 'not a url']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('renderer files served on our scheme', () => {
  const dir = '/opt/mmrouter/out/renderer';
  it('maps paths inside the renderer folder, index.html for the root', () => {
    expect(rendererFileFor(`${APP_ORIGIN}/`, dir, join)).toBe(join(dir, 'index.html'));
    expect(rendererFileFor(`${APP_ORIGIN}/assets/index-abc.js?v=1`, dir, join)).toBe(join(dir, 'assets', 'index-abc.js'));
  });

  it('never resolves outside it, however the path is spelled', () => {
    for (const url of [`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, `${APP_ORIGIN}/assets/..%2F..%2F..%2Fetc%2Fpasswd`, `${APP_ORIGIN}/a%5C..%5C..%5Cb`, `${APP_ORIGIN}/%00x`]) {
      const file = rendererFileFor(url, dir, join);
      expect(file === undefined || file.startsWith(`${dir}/`), `${url} -> ${file}`).toBe(true);
    }
    expect(rendererFileFor(`${APP_ORIGIN}/assets/..%2F..%2F..%2Fetc%2Fpasswd`, dir, join)).toBeUndefined();
  });

  it('serves only our host', () => {
    expect(rendererFileFor('app://other/index.html', dir, join)).toBeUndefined();
    expect(rendererFileFor('https://mmrouter/index.html', dir, join)).toBeUndefined();
  });
});
