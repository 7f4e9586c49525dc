import { create } from 'zustand';

export const PAGES = ['playground', 'config', 'analytics', 'training', 'keys', 'experiments', 'alerts', 'budget'] as const;
export type Page = (typeof PAGES)[number];

function pageFromHash(): Page {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : 'playground';
}

interface NavState {
  page: Page;
  go(page: Page): void;
}

/** The current page lives in the URL hash, so reloads, the back button and tests can address a page. */
export const useNav = create<NavState>((set) => {
  window.addEventListener('hashchange', () => set({ page: pageFromHash() }));
  return {
    page: pageFromHash(),
    go(page) {
      window.location.hash = `/${page}`;
    },
  };
});
