// Flow logs of the project (docs/flow-logs.md): packets that hit logged rules (allow) or the
// implicit deny of ports that log their drops (drop), newest first, refreshed every few seconds.
import { get, query } from './api.js';
import { field, formatDate, h, replace, select, table } from './dom.js';

export const flowLogRefreshMs = 3000;
const windowMs = 60 * 60 * 1000;

export async function renderFlowLogs(main, context) {
  const { project } = context;
  const results = h('div', { 'aria-live': 'polite' });
  const autoRefresh = h('input', { type: 'checkbox', name: 'auto_refresh', checked: true });
  const form = h('form', { 'aria-label': 'Flow log filters', class: 'grid' },
    field('Verdict', select('verdict', [['', 'Any'], ['allow', 'Allowed (logged rules)'], ['drop', 'Dropped (logged implicit deny)']], '')),
    field('Port ID', h('input', { name: 'port_id', autocomplete: 'off' })),
    field('Rule ID', h('input', { name: 'rule_id', autocomplete: 'off' })),
    field('Auto-refresh', autoRefresh));

  const load = async () => {
    const value = name => form.elements[name].value.trim() || undefined;
    // The API sees every project the caller may read; the view shows this project's records.
    const page = await get(query('/api/v1/flow-logs', {
      since: new Date(Date.now() - windowMs).toISOString(), limit: 1000,
      verdict: value('verdict'), port_id: value('port_id'), rule_id: value('rule_id'),
    }));
    const records = page.flow_logs.filter(r => r.project_id === project.id).reverse().slice(0, 200);
    replace(results, table(`Flow logs of ${project.name}, the last hour`,
      ['Last seen', 'Verdict', 'Direction', 'Port', 'Rule', 'Protocol', 'Source', 'Destination', 'Packets', 'Bytes'],
      records.map(r => h('tr', {},
        h('td', {}, h('time', { datetime: r.last_seen }, formatDate(r.last_seen))),
        h('td', {}, h('span', { class: `badge ${r.verdict === 'allow' ? 'enabled' : 'disabled'}` }, r.verdict === 'allow' ? 'Allowed' : 'Dropped')),
        h('td', {}, r.direction),
        h('td', {}, h('code', {}, r.port_id)),
        h('td', {}, r.rule_id ? h('code', {}, r.rule_id) : 'Implicit deny'),
        h('td', {}, r.icmp_type == null ? r.protocol : `${r.protocol} ${r.icmp_type}/${r.icmp_code}`),
        h('td', {}, endpoint(r.source, r.source_port)),
        h('td', {}, endpoint(r.destination, r.destination_port)),
        h('td', {}, String(r.packets)),
        h('td', {}, String(r.bytes)))),
      { emptyText: 'No flow logs in the last hour. Set Log on a rule, or log_drops on a port, to record its packets.' }));
  };

  form.addEventListener('change', load);
  form.addEventListener('submit', event => { event.preventDefault(); load(); });
  replace(main,
    h('h1', { tabindex: '-1' }, 'Flow logs'),
    h('p', { class: 'lead' }, 'Packets that hit logged rules or the implicit deny of ports that log their drops, newest first.'),
    form,
    results);
  await load();

  // Stops by itself once the view is left (its elements are no longer in the page).
  const timer = setInterval(() => {
    if (!results.isConnected) { clearInterval(timer); return; }
    if (autoRefresh.checked) load().catch(() => {});
  }, flowLogRefreshMs);
}

function endpoint(address, port) {
  if (port == null) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
