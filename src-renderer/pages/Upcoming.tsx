import type { Page } from '../stores/nav';

const ABOUT: Record<'experiments' | 'alerts' | 'budget', { title: string; what: string }> = {
  experiments: { title: 'Experiments', what: 'A/B tests between routes: split traffic, compare cost and quality, promote the winner.' },
  alerts: { title: 'Alerts', what: 'Notifications when spend, error rate or latency cross the limits you set.' },
  budget: { title: 'Budget', what: 'Daily and monthly spend limits that downgrade or stop routing before they are crossed.' },
};

export function UpcomingPage({ page }: { page: Extract<Page, keyof typeof ABOUT> }) {
  const about = ABOUT[page];
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{about.title}</h1>
          <p>{about.what}</p>
        </div>
      </div>
      <div className="empty">
        <strong>Comes with the policies release</strong>
        <span>
          The config already accepts this section; mmrouter does not enforce it yet. Routing, fallbacks and cost tracking work
          without it.
        </span>
      </div>
    </div>
  );
}
