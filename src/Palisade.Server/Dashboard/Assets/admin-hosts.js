// Platform → Hosts and agents: every host with ports or an agent report (GET /api/v1/hosts), its
// agent's applied revision against the store's current one, when it last reported and its last error.
import { get } from './api.js';
import { formatDate, h, replace, table } from './dom.js';

const states = {
  in_sync: ['enabled', 'In sync'],
  behind: ['severity-warning', 'Behind'],
  not_reported: ['severity-error', 'No report'],
};

export async function renderHosts(main, context) {
  const hosts = await get('/api/v1/hosts');
  const rows = hosts.map(host => {
    const [badge, label] = states[host.state] ?? ['disabled', host.state];
    return h('tr', {},
      h('th', { scope: 'row' }, host.host),
      h('td', {}, h('span', { class: `badge ${badge}` }, label)),
      h('td', { class: 'number' }, host.applied_revision == null ? '—' : String(host.applied_revision)),
      h('td', { class: 'number' }, String(host.current_revision)),
      h('td', {}, host.reported_at ? h('time', { datetime: host.reported_at }, formatDate(host.reported_at)) : 'Never'),
      h('td', { class: 'number' }, String(host.ports)),
      h('td', {}, host.error ? h('span', { class: 'host-error' }, host.error) : '—'));
  });

  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Hosts and agents'),
      h('button', { type: 'button', class: 'secondary', onclick: () => context.rerender() }, 'Refresh')),
    h('p', { class: 'lead' }, 'An agent is in sync when it applied the current revision; behind when it still enforces an older one. Its last error is what it reported with its last status.'),
    table('Hosts', ['Host', 'Agent', 'Applied revision', 'Current revision', 'Last report', 'Ports', 'Last error'], rows,
      { emptyText: 'No host has ports or an agent report yet.' }));
}
