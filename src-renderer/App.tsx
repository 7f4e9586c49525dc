import { useEffect, type ReactNode } from 'react';
import { useNav, type Page } from './stores/nav';
import { useApp } from './stores/app';
import { PlaygroundPage } from './pages/Playground';
import { ConfigPage } from './pages/Config';
import { AnalyticsPage } from './pages/Analytics';
import { TrainingPage } from './pages/Training';
import { KeysPage } from './pages/Keys';
import { ExperimentsPage } from './pages/Experiments';
import { AlertsPage } from './pages/Alerts';
import { BudgetPage } from './pages/Budget';

interface NavEntry {
  page: Page;
  label: string;
}

const MAIN: NavEntry[] = [
  { page: 'playground', label: 'Playground' },
  { page: 'config', label: 'Config' },
  { page: 'analytics', label: 'Analytics' },
  { page: 'training', label: 'Training' },
  { page: 'keys', label: 'Keys & providers' },
];

const POLICIES: NavEntry[] = [
  { page: 'experiments', label: 'Experiments' },
  { page: 'alerts', label: 'Alerts' },
  { page: 'budget', label: 'Budget & breakers' },
];

function NavButton({ entry }: { entry: NavEntry }) {
  const { page, go } = useNav();
  return (
    <a
      href={`#/${entry.page}`}
      className="nav-item"
      aria-current={page === entry.page ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go(entry.page);
      }}
    >
      <span>{entry.label}</span>
    </a>
  );
}

function ProxyIndicator() {
  const proxy = useApp((s) => s.proxy);
  if (!proxy) return null;
  return (
    <div className="proxy-indicator" aria-live="polite">
      <span className={proxy.running ? 'dot ok' : 'dot danger'} aria-hidden />
      <span>
        {proxy.running ? 'Proxy on' : 'Proxy off'}
        <br />
        <span className="mono small">
          {proxy.host}:{proxy.port}
        </span>
      </span>
    </div>
  );
}

function CurrentPage(): ReactNode {
  const page = useNav((s) => s.page);
  switch (page) {
    case 'playground':
      return <PlaygroundPage />;
    case 'config':
      return <ConfigPage />;
    case 'analytics':
      return <AnalyticsPage />;
    case 'training':
      return <TrainingPage />;
    case 'keys':
      return <KeysPage />;
    case 'experiments':
      return <ExperimentsPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'budget':
      return <BudgetPage />;
  }
}

export function App() {
  const start = useApp((s) => s.start);
  const info = useApp((s) => s.info);
  const demo = useApp((s) => s.demo);
  useEffect(() => start(), [start]);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="sidebar-inner">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            m
          </span>
          mmrouter
        </div>
        {MAIN.map((e) => (
          <NavButton key={e.page} entry={e} />
        ))}
        <div className="nav-section">Policies</div>
        {POLICIES.map((e) => (
          <NavButton key={e.page} entry={e} />
        ))}
        <div className="sidebar-footer">
          <ProxyIndicator />
          {demo && <span className="badge warn">Demo mode: simulated answers</span>}
          {info && <span>v{info.version}</span>}
        </div>
        </div>
      </nav>
      <main className="main">
        <CurrentPage />
      </main>
    </div>
  );
}
