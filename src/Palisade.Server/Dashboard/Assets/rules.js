// Manage rules: the rules table of mCloud (direction, ether type, IP protocol, port range, remote
// IP prefix, remote security group, description), hit counters, and forms to add one rule or a
// template's rules, or to edit a rule (PUT, the rule keeps its id). Validation is the server's: its field errors are shown next to the inputs.
import { del, get, getAll, post, put } from './api.js';
import { alertBox, announce, clearFieldErrors, confirmDialog, describe, field, h, replace, select, showFieldErrors, table } from './dom.js';
import { projectGroups } from './groups.js';
import {
  adminWarningText, everywhereText, exposedAdminPorts, portRangeText, protocolLabel, remotePrefixText, templateRules, templates,
} from './ruleformat.js';

export async function renderRules(main, context) {
  const groupPath = `/api/v1/security-groups/${encodeURIComponent(context.id)}`;
  const [group, rules, groups] = await Promise.all([
    get(groupPath),
    getAll(`${groupPath}/rules?limit=1000`),
    projectGroups(context.project.id),
  ]);
  const names = new Map(groups.map(g => [g.id, g.name]));
  for (const id of new Set(rules.map(r => r.remote_group_id).filter(id => id && !names.has(id)))) {
    try { names.set(id, (await get(`/api/v1/security-groups/${encodeURIComponent(id)}`)).name); } catch { names.set(id, id); }
  }

  const rerender = () => renderRules(main, context);
  rules.sort(ruleOrder);
  // Edit replaces the Add section with the rule's form, prefilled; Cancel or Save brings Add back.
  const formSection = h('div');
  const showAdd = () => replace(formSection, addRuleSection(group, groups, rerender));
  const showEdit = rule => {
    replace(formSection, editRuleSection(group, groups, rule, names, rerender, showAdd));
    formSection.querySelector('select, input')?.focus();
  };
  const rows = rules.map(rule => h('tr', {},
    h('td', {}, rule.direction === 'ingress' ? 'Ingress' : 'Egress'),
    h('td', {}, rule.ethertype),
    h('td', {}, protocolLabel(rule.protocol)),
    h('td', {}, portRangeText(rule)),
    h('td', {}, remotePrefixText(rule)),
    h('td', {}, rule.remote_group_id ? names.get(rule.remote_group_id) : '—'),
    h('td', {}, rule.description || '—'),
    h('td', { class: 'number' }, hitsText(rule)),
    context.readOnly ? null : h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'link', 'aria-label': `Edit rule ${describeRule(rule, names)}`, onclick: () => showEdit(rule) }, 'Edit'),
      h('button', { type: 'button', class: 'link danger', 'aria-label': `Delete rule ${describeRule(rule, names)}`, onclick: () => deleteRule(group, rule, names, rerender) }, 'Delete'))));

  const headers = ['Direction', 'Ether type', 'IP protocol', 'Port range', 'Remote IP prefix', 'Remote security group', 'Description', 'Hits'];
  if (!context.readOnly) headers.push('Actions');

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: context.href('groups') }, 'Security groups'), ' › ', group.name),
    h('h1', {}, `Rules of ${group.name}`),
    h('p', { class: 'lead' },
      `${group.description || 'No description'} · `, h('span', { class: `badge ${group.status}` }, group.status === 'enabled' ? 'Enabled' : 'Disabled'),
      group.stateful ? ' · stateful: replies to allowed traffic are allowed' : ' · stateless'),
    context.reason ? h('p', { class: 'note', role: 'note' }, context.reason) : null,
    table(`Rules of security group ${group.name}`, headers, rows, { emptyText: 'No rules: this group allows nothing.' }),
    context.readOnly ? null : formSection);
  if (!context.readOnly) showAdd();
}

/** Egress before ingress, IPv4 before IPv6, then by protocol and port, as mCloud lists them; the API orders by id. */
function ruleOrder(a, b) {
  return a.direction.localeCompare(b.direction)
    || a.ethertype.localeCompare(b.ethertype)
    || (a.protocol ?? '').localeCompare(b.protocol ?? '')
    || (a.port_range_min ?? -1) - (b.port_range_min ?? -1)
    || (a.remote_ip_prefix ?? '').localeCompare(b.remote_ip_prefix ?? '');
}

function hitsText(rule) {
  if (rule.hit_packets == null) return '—';
  return `${rule.hit_packets.toLocaleString()} packets, ${formatBytes(rule.hit_bytes ?? 0)}`;
}

function formatBytes(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function describeRule(rule, names) {
  const remote = rule.remote_group_id ? `group ${names.get(rule.remote_group_id)}` : remotePrefixText(rule);
  return `${rule.direction} ${rule.ethertype} ${protocolLabel(rule.protocol)} ${portRangeText(rule)} ${remote}`;
}

function deleteRule(group, rule, names, done) {
  return confirmDialog({
    title: 'Delete this rule?',
    message: `${describeRule(rule, names)}: traffic that only this rule allowed will be dropped on every port the group ${group.name} is bound to.`,
    confirmLabel: 'Delete rule',
    action: async () => {
      await del(`/api/v1/security-groups/${encodeURIComponent(group.id)}/rules/${encodeURIComponent(rule.id)}`);
      announce('The rule was deleted.');
      done();
    },
  });
}

function addRuleSection(group, groups, done) {
  const templateSelect = select('template', [['', 'None: one rule, written below'], ...templates.map(t => [t.id, t.label])], '');
  const container = h('div');
  const show = () => replace(container, templateSelect.value
    ? templateForm(group, templates.find(t => t.id === templateSelect.value), done)
    : ruleForm(group, groups, done));
  templateSelect.addEventListener('change', show);
  show();
  return h('section', { class: 'card', 'aria-labelledby': 'add-rule-title' },
    h('h2', { id: 'add-rule-title' }, 'Add a rule'),
    field('Template', templateSelect, 'A template adds the rules a typical server needs in one step.'),
    container);
}

function integer(text) {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed; // not a number: sent as is, and the server names the field
}

const everyAddressHint = 'The addresses this rule allows, as a CIDR: 0.0.0.0/0 (IPv4) or ::/0 (IPv6) for every address.';

function editRuleSection(group, groups, rule, names, done, cancel) {
  return h('section', { class: 'card', 'aria-labelledby': 'edit-rule-title' },
    h('h2', { id: 'edit-rule-title' }, 'Edit rule'),
    h('p', { class: 'hint' }, `${describeRule(rule, names)}. Saving replaces the rule in one change; it keeps its id.`),
    ruleForm(group, groups, done, { rule, cancel }));
}

/**
 * The form's starting values: the edited rule's, or for a new rule TCP on all ports with no remote
 * typed yet (so it starts without a warning). A rule's remote the form has no input for (an address
 * range or an address group) is kept as it is unless the user picks another.
 */
function startingValues(rule) {
  if (!rule) return { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', min: '', max: '', remoteKind: 'cidr', prefix: '', remoteGroup: null, description: '', log: false };
  const kept = rule.remote_ip_range || rule.remote_address_group_id;
  return {
    direction: rule.direction,
    ethertype: rule.ethertype,
    protocol: rule.protocol ?? '',
    min: rule.port_range_min ?? '',
    max: rule.port_range_max ?? '',
    remoteKind: rule.remote_group_id ? 'group' : kept ? 'keep' : 'cidr',
    // No remote is every address of the ether type; the form shows it as the /0 the user would type.
    prefix: rule.remote_ip_prefix_as_given ?? rule.remote_ip_prefix ?? (rule.ethertype === 'IPv6' ? '::/0' : '0.0.0.0/0'),
    remoteGroup: rule.remote_group_id,
    description: rule.description ?? '',
    log: Boolean(rule.log),
  };
}

function ruleForm(group, groups, done, editing = null) {
  const rule = editing?.rule;
  const start = startingValues(rule);
  const form = h('form', { novalidate: true, class: 'rule-form', 'aria-label': rule ? 'Edit rule' : 'New rule' });
  const remoteKinds = [['cidr', 'CIDR (IP prefix)'], ['group', 'Security group']];
  if (start.remoteKind === 'keep') remoteKinds.unshift(['keep', `As it is: ${remotePrefixText(rule)}`]);
  const remoteKind = select('remote_kind', remoteKinds, start.remoteKind);
  const protocols = [['', 'Any'], ['tcp', 'TCP'], ['udp', 'UDP'], ['icmp', 'ICMP'], ['ipv6-icmp', 'ICMPv6'], ['sctp', 'SCTP']];
  if (!protocols.some(([value]) => value === start.protocol)) protocols.push([start.protocol, protocolLabel(start.protocol)]);
  // No default remote: the API reads an absent prefix as every address, and with TCP on every port
  // that default would open the admin ports to the Internet before the user chose anything. The
  // user types the prefix, so "every address" (0.0.0.0/0) is a choice, warned about when it opens an admin port.
  const prefixField = field('Remote IP prefix', h('input', { name: 'remote_ip_prefix', required: true, autocomplete: 'off', placeholder: '203.0.113.0/24', spellcheck: 'false', value: start.prefix }),
    everyAddressHint);
  const groupOptions = groups.map(g => [g.id, g.name]);
  if (start.remoteGroup && !groups.some(g => g.id === start.remoteGroup)) groupOptions.push([start.remoteGroup, start.remoteGroup]);
  const groupField = field('Remote security group', select('remote_group_id', groupOptions, start.remoteGroup ?? group.id),
    'Traffic from (or to) the ports bound to that group.');
  groupField.hidden = true;
  const warning = h('div', { class: 'warning', role: 'alert', hidden: true });
  const errorArea = h('div');
  const preview = h('section', { 'aria-live': 'polite', class: 'preview' });
  const previewButton = h('button', { type: 'button', class: 'secondary' }, 'Preview');

  form.append(
    h('div', { class: 'grid' },
      field('Direction', select('direction', [['ingress', 'Ingress (to the port)'], ['egress', 'Egress (from the port)']], start.direction)),
      field('Ether type', select('ethertype', [['IPv4', 'IPv4'], ['IPv6', 'IPv6']], start.ethertype)),
      field('IP protocol', select('protocol', protocols, start.protocol)),
      field('Port range from', h('input', { name: 'port_range_min', inputmode: 'numeric', autocomplete: 'off', value: String(start.min) }), 'For ICMP: the type.'),
      field('Port range to', h('input', { name: 'port_range_max', inputmode: 'numeric', autocomplete: 'off', value: String(start.max) }), 'Empty: the same as from. For ICMP: the code.'),
      field('Remote', remoteKind),
      prefixField,
      groupField,
      field('Description', h('input', { name: 'description', maxlength: 255, autocomplete: 'off', value: start.description })),
      field('Log', h('input', { type: 'checkbox', name: 'log', checked: Boolean(start.log) }), 'Send the packets this rule allows to the flow logs.')),
    warning,
    errorArea,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'primary' }, rule ? 'Save rule' : 'Add rule'), ' ', previewButton,
      rule ? [' ', h('button', { type: 'button', class: 'secondary', onclick: () => editing.cancel() }, 'Cancel')] : null),
    preview);

  const draft = () => {
    const value = name => form.elements[name].value;
    const min = integer(value('port_range_min'));
    const maxText = integer(value('port_range_max'));
    const isIcmp = ['icmp', 'ipv6-icmp'].includes(value('protocol'));
    const draft = {
      direction: value('direction'),
      ethertype: value('ethertype'),
      protocol: value('protocol') || null,
      port_range_min: min,
      port_range_max: maxText ?? (isIcmp ? null : min),
      description: value('description'),
      log: form.elements.log.checked,
    };
    if (remoteKind.value === 'group') draft.remote_group_id = value('remote_group_id');
    else if (remoteKind.value === 'keep') Object.assign(draft, rule.remote_ip_range ? { remote_ip_range: rule.remote_ip_range } : { remote_address_group_id: rule.remote_address_group_id });
    else if (value('remote_ip_prefix').trim()) draft.remote_ip_prefix = value('remote_ip_prefix').trim();
    return draft;
  };

  const remoteMissing = () => remoteKind.value === 'cidr' && !form.elements.remote_ip_prefix.value.trim();

  const update = () => {
    prefixField.hidden = remoteKind.value !== 'cidr';
    groupField.hidden = remoteKind.value !== 'group';
    const proposed = draft();
    const exposed = remoteMissing() ? [] : exposedAdminPorts(proposed);
    warning.hidden = exposed.length === 0;
    warning.textContent = exposed.length ? adminWarningText(exposed, everywhereText(proposed)) : '';
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();

  // Preview: the server's what-if (POST /api/v1/what-if, docs/insight.md) lists the flows the rule
  // would open at each port, exactly, and writes nothing.
  previewButton.addEventListener('click', async () => {
    replace(errorArea);
    clearFieldErrors(form);
    try {
      // An edit is the old rule removed and the new one added, in one what-if.
      const answer = await post('/api/v1/what-if', { add_rules: [{ security_group_id: group.id, ...draft() }], ...(rule ? { remove_rule_ids: [rule.id] } : {}) });
      const rows = answer.ports.flatMap(port => port.changes.map(change => h('tr', {},
        h('td', {}, port.port_id),
        h('td', {}, `${change.verdict_before} → ${change.verdict_after}`),
        h('td', {}, change.flows.direction === 'ingress' ? 'Ingress' : 'Egress'),
        h('td', {}, `${change.flows.ethertype} ${change.flows.protocol ?? 'any'}`),
        h('td', {}, change.flows.port_range_min === null ? '—' : `${change.flows.port_range_min}-${change.flows.port_range_max}`),
        h('td', {}, change.flows.peers.join(', ')))));
      replace(preview, table('Flows this rule would change', ['Port', 'Verdict', 'Direction', 'Protocol', 'Ports', 'Peers'], rows,
        { emptyText: 'No flow at any port would change: the group\'s ports already allow all of it, or the group is bound to no port.' }));
    } catch (error) {
      replace(preview);
      const unmatched = showFieldErrors(form, error.errors, key => key.replace(/^add_rules\[0\]\./, ''));
      if (unmatched.length || !Object.keys(error.errors || {}).length) replace(errorArea, alertBox(unmatched.length ? unmatched.join(' ') : describe(error)));
    }
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    replace(errorArea);
    replace(preview);
    clearFieldErrors(form);
    if (remoteMissing()) {
      showFieldErrors(form, { remote_ip_prefix: ['Required: type a prefix (0.0.0.0/0 for every address), or choose a security group as the remote.'] });
      return;
    }
    try {
      if (rule) {
        // If-Match: a change to the group since this page was read is refused (412) rather than overwritten.
        await put(`/api/v1/security-groups/${encodeURIComponent(group.id)}/rules/${encodeURIComponent(rule.id)}`, draft(), group.revision_number);
        announce('The rule was saved.');
      } else {
        await post(`/api/v1/security-groups/${encodeURIComponent(group.id)}/rules`, draft());
        announce('The rule was added.');
      }
      done();
    } catch (error) {
      const unmatched = showFieldErrors(form, error.errors);
      if (unmatched.length || !Object.keys(error.errors || {}).length) replace(errorArea, alertBox(unmatched.length ? unmatched.join(' ') : describe(error)));
    }
  });
  return form;
}

function templateForm(group, template, done) {
  const form = h('form', { novalidate: true, class: 'rule-form', 'aria-label': template.label });
  const prefix = h('input', { name: 'whitelisted_prefix', required: true, autocomplete: 'off', placeholder: '203.0.113.0/24', spellcheck: 'false' });
  const preview = h('div');
  const warning = h('div', { class: 'warning', role: 'alert', hidden: true });
  const errorArea = h('div');
  const submit = h('button', { type: 'submit', class: 'primary' });

  const update = () => {
    const rules = templateRules(template, prefix.value);
    replace(preview, table('Rules this template adds', ['Direction', 'Ether type', 'IP protocol', 'Port range', 'Remote IP prefix', 'Description'],
      rules.map(rule => h('tr', {},
        h('td', {}, 'Ingress'), h('td', {}, rule.ethertype), h('td', {}, protocolLabel(rule.protocol)), h('td', {}, portRangeText(rule)),
        h('td', {}, rule.remote_ip_prefix === undefined ? remotePrefixText(rule) : (rule.remote_ip_prefix || '(type a prefix)')),
        h('td', {}, rule.description)))));
    submit.textContent = `Add ${rules.length} rules`;
    const admin = rules[rules.length - 1];
    const exposed = prefix.value.trim() ? exposedAdminPorts(admin) : [];
    warning.hidden = exposed.length === 0;
    warning.textContent = exposed.length ? adminWarningText(exposed, everywhereText(admin)) : '';
  };
  prefix.addEventListener('input', update);

  form.append(
    field('Whitelisted prefix for remote administration', prefix,
      `The only addresses that may reach port ${template.adminPort}: your office or VPN, as a CIDR such as 203.0.113.0/24.`),
    warning, preview, errorArea, submit);
  update();

  form.addEventListener('submit', async event => {
    event.preventDefault();
    replace(errorArea);
    clearFieldErrors(form);
    if (!prefix.value.trim()) {
      showFieldErrors(form, { whitelisted_prefix: ['Type the prefix that may reach the admin port.'] });
      return;
    }
    try {
      await post(`/api/v1/security-groups/${encodeURIComponent(group.id)}/rules`, { rules: templateRules(template, prefix.value) });
      announce(`${template.label}: the rules were added.`);
      done();
    } catch (error) {
      // The batch's errors name rules[i].field; the only field the user typed is the prefix.
      const unmatched = showFieldErrors(form, error.errors, key => (key.endsWith('remote_ip_prefix') || key.endsWith('ethertype') ? 'whitelisted_prefix' : null));
      if (unmatched.length || !Object.keys(error.errors || {}).length) replace(errorArea, alertBox(unmatched.length ? unmatched.join(' ') : describe(error)));
    }
  });
  return form;
}
