// Platform → Platform policies: the deny entries applied before any tenant rule (design: platform
// restrictions); tenants see only "platform policy" in explain, never these details.
import { del, get, post } from './api.js';
import { announce, confirmDialog, field, formDialog, h, replace, select, table } from './dom.js';
import { byName, check } from './admin.js';

export async function renderPolicies(main, context) {
  const policies = (await get('/api/v1/platform-policies')).sort(byName);
  const rows = policies.map(policy => h('tr', {},
    h('th', { scope: 'row' }, policy.name),
    h('td', {}, policy.direction ?? 'Both'),
    h('td', {}, policy.protocol ?? 'Any'),
    h('td', {}, ports(policy)),
    h('td', {}, policy.cidrs.length ? policy.cidrs.join(', ') : 'Any address'),
    h('td', {}, h('span', { class: `badge ${policy.enabled ? 'enabled' : 'disabled'}` }, policy.enabled ? 'Enabled' : 'Disabled')),
    h('td', { class: 'actions' }, h('button', {
      type: 'button', class: 'link danger', 'aria-label': `Delete ${policy.name}`,
      onclick: () => confirmDialog({
        title: `Delete platform policy ${policy.name}?`,
        message: 'The traffic it denies is then decided by the tenants\' rules alone.',
        confirmLabel: 'Delete',
        action: async () => {
          await del(`/api/v1/platform-policies/${encodeURIComponent(policy.id)}`);
          announce(`Platform policy ${policy.name} was deleted.`);
          context.rerender();
        },
      }),
    }, 'Delete'))));

  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Platform policies'),
      h('button', { type: 'button', class: 'primary', onclick: () => addPolicy(context) }, 'Add policy')),
    h('p', { class: 'lead' }, 'Traffic these deny is dropped before any tenant rule is read. Tenants see only "platform policy", never these details.'),
    table('Platform policies', ['Name', 'Direction', 'Protocol', 'Ports', 'Addresses', 'Status', 'Actions'], rows, { emptyText: 'No platform policies.' }));
}

function ports(policy) {
  if (policy.port_range_min == null) return 'All';
  return policy.port_range_min === policy.port_range_max ? String(policy.port_range_min) : `${policy.port_range_min}-${policy.port_range_max}`;
}

async function addPolicy(context) {
  const added = await formDialog({
    title: 'Add platform policy',
    submitLabel: 'Add',
    build: form => form.append(
      field('Name', h('input', { name: 'name', required: true, maxlength: 255, autocomplete: 'off' })),
      field('Direction', select('direction', [['', 'Both'], ['ingress', 'Ingress (to ports)'], ['egress', 'Egress (from ports)']], '')),
      field('Protocol', select('protocol', [['', 'Any'], ['tcp', 'TCP'], ['udp', 'UDP'], ['icmp', 'ICMP'], ['ipv6-icmp', 'ICMPv6']], 'tcp')),
      field('Ports', h('input', { name: 'ports', autocomplete: 'off', placeholder: 'e.g. 25 or 6000-6100' }), 'A port or a range, for TCP and UDP; empty for all.'),
      field('Addresses', h('textarea', { name: 'cidrs', rows: 3 }), 'CIDRs the policy denies, one a line or comma separated (e.g. 169.254.169.254/32); empty for any address.'),
      field('Status', select('enabled', [['true', 'Enabled'], ['false', 'Disabled']], 'true'))),
    // The server names list entries cidrs[0], cidrs[1]…: they belong to the one Addresses field.
    resolveField: key => (key.startsWith('cidrs') ? 'cidrs' : key),
    onSubmit: async form => {
      const name = form.elements.name.value.trim();
      const protocol = form.elements.protocol.value;
      const portsText = form.elements.ports.value.trim();
      const errors = {};
      if (!name) errors.name = ['Enter a name.'];
      let range = [null, null];
      if (portsText) {
        const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(portsText);
        const low = match && Number(match[1]);
        const high = match && Number(match[2] ?? match[1]);
        if (!match || low < 1 || high > 65535 || low > high) errors.ports = ['Enter a port (1-65535) or a range such as 6000-6100.'];
        else if (protocol !== 'tcp' && protocol !== 'udp') errors.ports = ['Ports apply to TCP and UDP only; leave this empty for other protocols.'];
        else range = [low, high];
      }
      const cidrs = form.elements.cidrs.value.split(/[\s,]+/).filter(Boolean);
      check(errors);
      await post('/api/v1/platform-policies', {
        name, cidrs,
        direction: form.elements.direction.value || null,
        protocol: protocol || null,
        port_range_min: range[0], port_range_max: range[1],
        enabled: form.elements.enabled.value === 'true',
      });
      announce(`Platform policy ${name} was added.`);
    },
  });
  if (added) context.rerender();
}
