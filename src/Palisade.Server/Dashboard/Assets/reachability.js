// Reachability: who can reach a port (ingress) or what it may reach (egress), as classes of flows
// with their peers, remote groups and the rules responsible (GET /api/v1/reachability). Read-only.
import { get, getAll, query } from './api.js';
import { alertBox, describe, field, h, replace, select, table } from './dom.js';

/** "443", "8000-8999", "all", or for ICMP "type 8", "type 3 code 4", "type 0 code 0 – type 8 code 255". */
function portsText(flows) {
  if (flows.port_range_min !== null) {
    if (flows.port_range_min === 0 && flows.port_range_max === 65535) return 'all';
    return flows.port_range_min === flows.port_range_max ? `${flows.port_range_min}` : `${flows.port_range_min}-${flows.port_range_max}`;
  }
  const first = flows.icmp_first;
  const last = flows.icmp_last;
  if (!first) return 'all';
  if (first.type === 0 && first.code === 0 && last.type === 255 && last.code === 255) return 'all';
  if (first.type === last.type && first.code === 0 && last.code === 255) return `type ${first.type}`;
  if (first.type === last.type && first.code === last.code) return `type ${first.type} code ${first.code}`;
  return `type ${first.type} code ${first.code} – type ${last.type} code ${last.code}`;
}

const protocolText = flows => flows.protocol ?? (flows.except_protocols.length ? `any except ${flows.except_protocols.join(', ')}` : 'any');

export async function renderReachability(main, context) {
  const ports = await getAll(query('/api/v1/ports', { project_id: context.project.id, limit: 1000 }));
  const portLabel = port => [port.instance_id ? `instance ${port.instance_id}` : null, port.fixed_ips.map(ip => ip.ip_address).join(', ') || null, port.id]
    .filter(Boolean).join(' · ');
  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'reach-title' });
  const result = h('section', { 'aria-live': 'polite' });
  form.append(
    h('h2', { id: 'reach-title' }, 'Choose a port'),
    h('div', { class: 'grid' },
      field('Port', select('port_id', ports.map(p => [p.id, portLabel(p)]), ports[0]?.id)),
      field('Direction', select('direction', [['ingress', 'Ingress (who can reach the port)'], ['egress', 'Egress (what the port may reach)']], 'ingress'))),
    h('button', { type: 'submit', class: 'primary', disabled: ports.length === 0 }, 'Show reachability'));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const answer = await get(query('/api/v1/reachability', { port_id: form.elements.port_id.value, direction: form.elements.direction.value }));
      replace(result,
        !answer.port_security_enabled ? h('p', { class: 'note', role: 'note' }, 'Port security is disabled on this port: every flow passes.') : null,
        table(answer.direction === 'ingress' ? 'Who can reach the port' : 'What the port may reach',
          ['Ether type', 'Protocol', 'Ports', answer.direction === 'ingress' ? 'From' : 'To', 'Groups', 'Rules'],
          answer.classes.map(flows => h('tr', {},
            h('td', {}, flows.ethertype),
            h('td', {}, protocolText(flows)),
            h('td', {}, portsText(flows)),
            h('td', {}, flows.peers.join(', ')),
            h('td', {}, [...flows.remote_groups.map(g => g.name ?? g.id), ...flows.remote_address_group_ids.map(id => `address group ${id}`)].join(', ') || '—'),
            h('td', {}, flows.rules.map(r => r.description || r.id).join(', ') || '—'))),
          { emptyText: 'Nothing passes beyond infrastructure traffic.' }),
        answer.intra_subnet_cidrs.length ? h('p', {}, `Peers in ${answer.intra_subnet_cidrs.join(', ')} pass without a rule (intra-subnet).`) : null);
    } catch (error) {
      replace(result, alertBox(describe(error)));
    }
  });

  replace(main,
    h('h1', {}, 'Reachability'),
    h('p', { class: 'lead' }, 'Every new flow a port lets through, computed from its rules: protocols, ports, peers and the rules responsible.'),
    ports.length === 0 ? h('p', { class: 'note', role: 'note' }, 'This project has no ports.') : null,
    form,
    result);
}
