// One port: whether its host enforces the current policy (GET /api/v1/ports/{id}/status) and every
// rule in force at it, all its groups merged with where each comes from
// (GET /api/v1/ports/{id}/effective-rules, computed by the code that builds the host feed).
import { get } from './api.js';
import { formatDate, h, replace, table } from './dom.js';
import { isCloudFoundrySpace } from './space.js';
import { portRangeText, protocolLabel, remotePrefixText } from './ruleformat.js';

export async function renderPort(main, context) {
  const path = `/api/v1/ports/${encodeURIComponent(context.id)}`;
  const [port, status, effective] = await Promise.all([get(path), get(`${path}/status`), get(`${path}/effective-rules`)]);
  const space = isCloudFoundrySpace(context.project);
  const origin = originWords(port, effective.phase, space);
  const groupLink = group => (group.project_id === context.project.id
    ? h('a', { href: context.href('groups', group.id) }, group.name)
    : space ? h('a', { href: context.href('asg', group.id) }, group.name) : group.name);
  const groupsById = new Map(effective.groups.map(g => [g.id, g]));

  const groupRows = [...effective.groups].sort((a, b) => a.name.localeCompare(b.name)).map(group => h('tr', {},
    h('th', { scope: 'row' }, groupLink(group)),
    h('td', {}, h('span', { class: `badge ${group.status}` }, group.status === 'enabled' ? 'Enabled' : 'Disabled: its rules are not in force')),
    h('td', {}, group.stateful ? 'Stateful' : 'Stateless'),
    h('td', {}, group.origins.map(origin).join('; '))));

  const ruleRows = [...effective.rules]
    .sort((a, b) => a.security_group_name.localeCompare(b.security_group_name) || a.rule.direction.localeCompare(b.rule.direction))
    .map(({ rule, security_group_name: groupName, origins }) => h('tr', {},
      h('td', {}, rule.direction === 'ingress' ? 'Ingress' : 'Egress'),
      h('td', {}, rule.ethertype),
      h('td', {}, protocolLabel(rule.protocol)),
      h('td', {}, portRangeText(rule)),
      h('td', {}, rule.remote_group_id ? `ports of group ${groupsById.get(rule.remote_group_id)?.name ?? rule.remote_group_id}` : remotePrefixText(rule)),
      h('td', {}, rule.description || '—'),
      h('td', {}, groupName),
      h('td', {}, origins.map(origin).join('; '))));

  const title = `Port ${port.fixed_ips.map(ip => ip.ip_address).join(', ') || port.id}`;
  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: context.href('ports') }, 'Ports and instances'), ' › ', port.id),
    h('h1', {}, title),
    h('p', { class: 'lead' }, [
      `Port ${port.id}`,
      port.instance_id ? ` of ${space ? 'app instance' : 'instance'} ${port.instance_id}` : '',
      space && effective.phase !== 'none' ? ` (${effective.phase === 'staging' ? 'staging' : 'running'} app)` : '',
    ].join('')),
    h('section', { 'aria-labelledby': 'enforcement-title', class: 'card' },
      h('h2', { id: 'enforcement-title' }, 'Enforcement'),
      enforcement(status)),
    !port.port_security_enabled ? h('p', { class: 'note', role: 'note' }, 'Port security is disabled on this port: no security group filters it.') : null,
    h('section', { 'aria-labelledby': 'port-groups-title' },
      h('h2', { id: 'port-groups-title' }, 'Security groups applied'),
      table(`Security groups of port ${port.id}`, ['Security group', 'Status', 'Connection tracking', 'Applied through'], groupRows,
        { emptyText: 'No security group is applied: everything the fixed steps do not allow is dropped.' })),
    h('section', { 'aria-labelledby': 'effective-title' },
      h('h2', { id: 'effective-title' }, 'Effective rules'),
      h('p', {}, `Every rule in force at this port at revision ${effective.revision}: the rules of all its enabled groups together. Traffic no rule allows is dropped.`),
      table(`Effective rules of port ${port.id}`, ['Direction', 'Ether type', 'IP protocol', 'Port range', 'Remote', 'Description', 'Security group', 'Applied through'], ruleRows,
        { emptyText: 'No rule is in force at this port.' })),
    h('section', { 'aria-labelledby': 'platform-title' },
      h('h2', { id: 'platform-title' }, 'Platform policies'),
      effective.platform_policies
        ? table('Platform policies (drop before any rule)', ['Name', 'Direction', 'IP protocol', 'Port range', 'Addresses'],
          effective.platform_policies.map(policy => h('tr', {},
            h('td', {}, policy.name),
            h('td', {}, policy.direction ?? 'Both'),
            h('td', {}, protocolLabel(policy.protocol)),
            h('td', {}, portRangeText(policy)),
            h('td', {}, policy.cidrs.join(', ') || 'Every address'))),
          { emptyText: 'No platform policy is enabled.' })
        : h('p', {}, 'Platform policies set by the platform admins drop some traffic before any security group rule; only platform admins see them.')));
}

/** In sync, applying or agent down, with the numbers behind it. */
function enforcement(status) {
  const reported = status.reported_at ? ` Last report: ${formatDate(status.reported_at)}.` : '';
  const states = {
    in_sync: ['enabled', 'In sync', `Host ${status.host} has applied the current revision (${status.store_revision}).`],
    applying: ['severity-warning', 'Applying', `Host ${status.host} has applied revision ${status.applied_revision ?? 'none'}; the current revision is ${status.store_revision}.`],
    agent_down: ['severity-error', 'Agent down', status.reported_at
      ? `The agent of host ${status.host} has not reported for over a minute; the port keeps the rules last applied.`
      : `The agent of host ${status.host} has never reported: the port's rules may not be enforced.`],
    no_host: ['disabled', 'Not on a host', 'The port is on no host yet, so no agent enforces its rules.'],
  };
  const [badge, label, text] = states[status.state] ?? ['disabled', status.state, ''];
  return h('div', {},
    h('p', { class: 'enforcement' }, h('span', { class: `badge ${badge}` }, label), ' ', text, reported),
    status.error ? h('p', { class: 'alert', role: 'note' }, `The agent's last error: ${status.error}`) : null);
}

/** Where a group comes from, in the platform's words: a Cloud Foundry space has apps, spaces and globally enabled groups. */
function originWords(port, phase, space) {
  const lifecycle = phase === 'none' ? '' : ` (${phase})`;
  return scope => ({
    port: space ? 'this app instance' : 'this port',
    instance: `${space ? 'app' : 'instance'} ${port.instance_id}`,
    project: space ? `this space${lifecycle}` : `every port of this project${lifecycle}`,
    global: space ? `globally enabled${lifecycle}` : `every project${lifecycle}`,
  })[scope] ?? scope;
}
