// Explain: pick a port and a flow; the server answers with the verdict, the step of design.md §2
// that decided it, and the rules that matched.
import { getAll, post, query } from './api.js';
import { alertBox, clearFieldErrors, describe, field, h, replace, select, showFieldErrors, table } from './dom.js';
import { projectGroups } from './groups.js';
import { portRangeText, protocolLabel, remotePrefixText } from './ruleformat.js';

const steps = {
  port_security_disabled: 'The port has port security disabled, so nothing is filtered.',
  connection_tracking: 'The packet belongs to a connection that was already allowed (stateful groups).',
  infrastructure: 'Infrastructure traffic every instance needs (ARP, IPv6 neighbour discovery, DHCP) is always allowed.',
  anti_spoofing: 'Anti-spoofing: the source address is not one of the port\'s fixed IPs or allowed address pairs.',
  platform_policy: 'A platform policy drops this traffic before any security group is consulted.',
  intra_subnet: 'The peer is in the port\'s own subnet, and that subnet allows traffic between its ports.',
  rule: 'A rule of an enabled security group bound to the port allows it.',
  implicit_deny: 'No rule of the groups bound to the port allows it, so the implicit deny drops it.',
};

export async function renderExplain(main, context) {
  const [ports, groups] = await Promise.all([
    getAll(query('/api/v1/ports', { project_id: context.project.id, limit: 1000 })),
    projectGroups(context.project.id),
  ]);
  const names = new Map(groups.map(g => [g.id, g.name]));
  const portLabel = portLabeller(ports);
  ports.sort((a, b) => portLabel(a).localeCompare(portLabel(b), undefined, { numeric: true }));

  const form = h('form', { novalidate: true, class: 'card', 'aria-labelledby': 'flow-title' });
  const protocol = select('protocol', [['tcp', 'TCP'], ['udp', 'UDP'], ['icmp', 'ICMP'], ['ipv6-icmp', 'ICMPv6'], ['sctp', 'SCTP']], 'tcp');
  const portField = field('Port number', h('input', { name: 'port', inputmode: 'numeric', autocomplete: 'off', value: '443' }), 'The destination port of the flow.');
  const icmpType = field('ICMP type', h('input', { name: 'icmp_type', inputmode: 'numeric', autocomplete: 'off', value: '8' }));
  const icmpCode = field('ICMP code', h('input', { name: 'icmp_code', inputmode: 'numeric', autocomplete: 'off', value: '0' }));
  const result = h('section', { 'aria-live': 'polite', 'aria-labelledby': 'result-title' });
  const errorArea = h('div');

  form.append(
    h('h2', { id: 'flow-title' }, 'Flow'),
    h('div', { class: 'grid' },
      h('div', { class: 'wide' }, field('Port', select('port_id', ports.map(p => [p.id, portLabel(p)]), ports[0]?.id))),
      field('Direction', select('direction', [['ingress', 'Ingress (to the port)'], ['egress', 'Egress (from the port)']], 'ingress')),
      field('Protocol', protocol),
      field('Remote IP address', h('input', { name: 'remote_ip_address', autocomplete: 'off', spellcheck: 'false', placeholder: '198.51.100.7' }),
        'The other end of the flow: the source for ingress, the destination for egress.'),
      portField, icmpType, icmpCode),
    errorArea,
    h('button', { type: 'submit', class: 'primary', disabled: ports.length === 0 }, 'Explain'));

  const update = () => {
    const icmp = ['icmp', 'ipv6-icmp'].includes(protocol.value);
    portField.hidden = icmp;
    icmpType.hidden = !icmp;
    icmpCode.hidden = !icmp;
  };
  protocol.addEventListener('change', update);
  update();

  form.addEventListener('submit', async event => {
    event.preventDefault();
    replace(errorArea);
    clearFieldErrors(form);
    const value = name => form.elements[name].value.trim();
    const number = name => (/^\d+$/.test(value(name)) ? Number(value(name)) : (value(name) === '' ? null : value(name)));
    const icmp = ['icmp', 'ipv6-icmp'].includes(protocol.value);
    const body = {
      port_id: value('port_id'),
      direction: value('direction'),
      protocol: protocol.value,
      remote_ip_address: value('remote_ip_address'),
    };
    if (icmp) {
      body.icmp_type = number('icmp_type');
      body.icmp_code = number('icmp_code');
    } else {
      body.port = number('port');
    }
    try {
      showResult(result, await post('/api/v1/explain', body), names);
    } catch (error) {
      replace(result);
      const unmatched = showFieldErrors(form, error.errors);
      if (unmatched.length || !Object.keys(error.errors || {}).length) replace(errorArea, alertBox(unmatched.length ? unmatched.join(' ') : describe(error)));
    }
  });

  replace(main,
    h('h1', {}, 'Explain a flow'),
    h('p', { class: 'lead' }, 'Why would a packet at a port be allowed or dropped? Pick the port and describe the flow.'),
    ports.length === 0 ? h('p', { class: 'note', role: 'note' }, 'This project has no ports to explain.') : null,
    form,
    result);
}

/**
 * A port as the picker names it: what tells ports apart first (its addresses, then the end of its
 * id), the instance last, since two ports of one instance share it and a closed picker shows only
 * the start of the label. The id's last 8 characters, or the whole id if two ports share them.
 */
function portLabeller(ports) {
  const suffix = id => id.slice(-8);
  const counts = new Map();
  for (const port of ports) counts.set(suffix(port.id), (counts.get(suffix(port.id)) ?? 0) + 1);
  return port => [
    port.fixed_ips.map(ip => ip.ip_address).join(', ') || port.mac_address || 'no address',
    counts.get(suffix(port.id)) > 1 ? `port ${port.id}` : `port …${suffix(port.id)}`,
    port.instance_id ? `instance ${port.instance_id}` : null,
  ].filter(Boolean).join(' · ');
}

function showResult(result, answer, names) {
  const allowed = answer.verdict === 'allow';
  replace(result,
    h('h2', { id: 'result-title' }, 'Verdict'),
    h('p', { class: `verdict ${allowed ? 'allowed' : 'dropped'}` }, allowed ? 'Allowed' : 'Dropped'),
    h('p', { class: 'step' }, `Decided at step ${answer.step_number} of 8 (${answer.step.replaceAll('_', ' ')}): ${steps[answer.step] ?? ''}`),
    answer.platform_policy ? h('p', {}, `Decided by ${answer.platform_policy}.`) : null,
    answer.matched_rules.length
      ? table('Rules that matched', ['Security group', 'Direction', 'Ether type', 'IP protocol', 'Port range', 'Remote IP prefix', 'Remote security group', 'Description'],
        answer.matched_rules.map(rule => h('tr', {},
          h('td', {}, names.get(rule.security_group_id) ?? rule.security_group_id),
          h('td', {}, rule.direction === 'ingress' ? 'Ingress' : 'Egress'),
          h('td', {}, rule.ethertype),
          h('td', {}, protocolLabel(rule.protocol)),
          h('td', {}, portRangeText(rule)),
          h('td', {}, remotePrefixText(rule)),
          h('td', {}, rule.remote_group_id ? (names.get(rule.remote_group_id) ?? rule.remote_group_id) : '—'),
          h('td', {}, rule.description || '—'))))
      : null);
}
