// Platform → Cloud Foundry ASGs: application security groups over the Cloud Foundry v3 dialect
// (/v3/security_groups, which takes the dashboard's bearer token): create, edit rules in CF's own
// shape (protocol, destination with ranges and comma lists, ports, type/code, log, description),
// bind to and unbind from spaces for running and staging, and enable globally per lifecycle.
// CAPI's refusals come as {"errors":[{"detail", "title", "code"}]} and are shown with their detail.
import { ApiError } from './api.js';
import { announce, confirmDialog, field, formDialog, h, replace, select, table, uniqueId } from './dom.js';
import { adminHref, bearer, byName, check } from './admin.js';

const lifecycles = [['running', 'Running'], ['staging', 'Staging']];
const protocols = [['tcp', 'TCP'], ['udp', 'UDP'], ['icmp', 'ICMP'], ['icmpv6', 'ICMPv6'], ['all', 'All']];

async function cf(method, path, body) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${bearer()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { title: 'No server', detail: 'The Palisade server could not be reached.' });
  }

  if (!response.ok) {
    let payload = {};
    try { payload = await response.json(); } catch { /* not JSON: keep the status */ }
    const first = payload.errors?.[0];
    throw new ApiError(response.status, { title: first?.title || `HTTP ${response.status}`, detail: first?.detail || `HTTP ${response.status}` });
  }

  return response.status === 200 || response.status === 201 ? response.json() : null;
}

/** Every ASG, following CAPI's pagination.next links. */
async function allAsgs() {
  const groups = [];
  let next = '/v3/security_groups?per_page=5000';
  for (let page = 0; next && page < 100; page++) {
    const result = await cf('GET', next);
    groups.push(...result.resources);
    next = result.pagination?.next?.href ? new URL(result.pagination.next.href, location.origin).pathname + new URL(result.pagination.next.href, location.origin).search : null;
  }
  return groups;
}

export async function renderAsgs(main, context) {
  if (context.id) return renderAsg(main, context);
  const groups = (await allAsgs()).sort(byName);
  const spaceName = id => context.projects.find(p => p.id === id)?.name ?? id;
  const where = (group, lifecycle) => {
    const spaces = group.relationships[`${lifecycle}_spaces`].data.map(d => spaceName(d.guid)).sort((a, b) => a.localeCompare(b));
    return [group.globally_enabled[lifecycle] ? h('span', { class: 'badge enabled' }, 'Every space') : null, ' ', spaces.join(', ') || (group.globally_enabled[lifecycle] ? '' : 'No space')];
  };
  const rows = groups.map(group => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: adminHref('asgs', group.guid) }, group.name)),
    h('td', { class: 'number' }, String(group.rules.length)),
    h('td', {}, where(group, 'running')),
    h('td', {}, where(group, 'staging')),
    h('td', { class: 'actions' },
      h('a', { class: 'button-link', href: adminHref('asgs', group.guid), 'aria-label': `Manage ${group.name}` }, 'Manage'),
      h('button', {
        type: 'button', class: 'link danger', 'aria-label': `Delete ${group.name}`,
        onclick: () => confirmDialog({
          title: `Delete ASG ${group.name}?`,
          message: 'Its rules and its space bindings go with it; apps lose what it allowed when they next start.',
          confirmLabel: 'Delete',
          action: async () => {
            await cf('DELETE', `/v3/security_groups/${encodeURIComponent(group.guid)}`);
            announce(`ASG ${group.name} was deleted.`);
            context.rerender();
          },
        }),
      }, 'Delete'))));

  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Cloud Foundry ASGs'),
      h('button', { type: 'button', class: 'primary', onclick: () => createAsg() }, 'Create ASG')),
    h('p', { class: 'lead' }, 'Application security groups: the egress rules of apps in Cloud Foundry spaces, for the running and the staging lifecycle.'),
    table('Application security groups', ['Name', 'Rules', 'Running', 'Staging', 'Actions'], rows, { emptyText: 'No application security groups.' }));
}

function createAsg() {
  return formDialog({
    title: 'Create ASG',
    submitLabel: 'Create',
    build: form => form.append(
      field('Name', h('input', { name: 'name', required: true, maxlength: 250, autocomplete: 'off' })),
      h('p', { class: 'hint' }, 'Add its rules, spaces and global settings next.')),
    onSubmit: async form => {
      const name = form.elements.name.value.trim();
      check(name ? {} : { name: ['Enter a name.'] });
      const created = await cf('POST', '/v3/security_groups', { name });
      announce(`ASG ${created.name} was created.`);
      location.hash = adminHref('asgs', created.guid);
    },
  });
}

/** A rule as Cloud Foundry shows it: one line per field that the rule has. */
function ruleCells(rule) {
  const icmp = rule.protocol === 'icmp' || rule.protocol === 'icmpv6';
  return [
    h('td', {}, rule.protocol),
    h('td', {}, h('code', {}, rule.destination)),
    // CAPI's -1 is every type or code (RulesValidator#validate_icmp).
    h('td', {}, icmp ? `type ${rule.type === -1 ? 'any' : rule.type}, code ${rule.code === -1 ? 'any' : rule.code}` : rule.ports || (rule.protocol === 'all' ? 'All' : '—')),
    h('td', {}, rule.log ? 'Yes' : 'No'),
    h('td', {}, rule.description || '—'),
  ];
}

async function renderAsg(main, context) {
  const group = await cf('GET', `/v3/security_groups/${encodeURIComponent(context.id)}`);
  const spaceName = id => context.projects.find(p => p.id === id)?.name ?? id;

  const globalForm = h('form', { class: 'card', 'aria-labelledby': 'asg-global' },
    h('h2', { id: 'asg-global' }, 'Globally enabled'),
    lifecycles.map(([key, label]) => h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id: `global-${key}`, name: key, checked: group.globally_enabled[key] }),
      h('label', { for: `global-${key}` }, `${label}: applies to every space`))),
    h('button', { type: 'submit', class: 'primary' }, 'Save global settings'));
  globalForm.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await cf('PATCH', `/v3/security_groups/${encodeURIComponent(group.guid)}`,
        { globally_enabled: { running: globalForm.elements.running.checked, staging: globalForm.elements.staging.checked } });
      announce(`The global settings of ${group.name} were saved.`);
      context.rerender();
    } catch (error) {
      announce(error.detail || error.message);
    }
  });

  const bindingTables = lifecycles.map(([key, label]) => {
    const spaces = group.relationships[`${key}_spaces`].data.map(d => ({ id: d.guid, name: spaceName(d.guid) })).sort(byName);
    return table(`${label} spaces of ${group.name}`, ['Space', 'Actions'], spaces.map(space => h('tr', {},
      h('th', { scope: 'row' }, space.name),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'link danger', 'aria-label': `Unbind ${space.name} (${key})`,
        onclick: () => confirmDialog({
          title: `Unbind ${space.name} from ${group.name} for ${key}?`,
          message: `Apps of ${space.name} lose what ${group.name} allows when they next ${key === 'running' ? 'start' : 'stage'}.`,
          confirmLabel: 'Unbind',
          action: async () => {
            await cf('DELETE', `/v3/security_groups/${encodeURIComponent(group.guid)}/relationships/${key}_spaces/${encodeURIComponent(space.id)}`);
            announce(`${space.name} was unbound from ${group.name} for ${key}.`);
            context.rerender();
          },
        }),
      }, 'Unbind')))), { emptyText: group.globally_enabled[key] ? 'No space bound: globally enabled, it applies to every space.' : 'No space bound.' });
  });

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: adminHref('asgs') }, 'Cloud Foundry ASGs'), ' / ', group.name),
    h('h1', {}, `ASG ${group.name}`),
    h('div', { class: 'page-head' }, h('h2', {}, 'Rules'),
      h('button', { type: 'button', class: 'primary', onclick: () => editRules(group, context) }, 'Edit rules')),
    table(`Rules of ${group.name}`, ['Protocol', 'Destination', 'Ports', 'Log', 'Description'],
      group.rules.map(rule => h('tr', {}, ruleCells(rule))), { emptyText: 'No rules: this ASG allows nothing.' }),
    globalForm,
    h('div', { class: 'page-head' }, h('h2', {}, 'Spaces'),
      h('button', { type: 'button', class: 'primary', onclick: () => bindSpace(group, context) }, 'Bind to space')),
    bindingTables);
}

async function bindSpace(group, context) {
  const spaces = [...context.projects].sort(byName);
  const bound = await formDialog({
    title: `Bind ${group.name} to a space`,
    submitLabel: 'Bind',
    build: form => form.append(
      field('Space', select('space', [['', 'Choose a space'], ...spaces.map(s => [s.id, s.name])], '')),
      field('Lifecycle', select('lifecycle', [['running', 'Running: apps as they run'], ['staging', 'Staging: apps while they stage']], 'running'))),
    onSubmit: async form => {
      const space = form.elements.space.value;
      const lifecycle = form.elements.lifecycle.value;
      check(space ? {} : { space: ['Choose a space.'] });
      await cf('POST', `/v3/security_groups/${encodeURIComponent(group.guid)}/relationships/${lifecycle}_spaces`, { data: [{ guid: space }] });
      announce(`${group.name} was bound to ${spaces.find(s => s.id === space).name} for ${lifecycle}.`);
    },
  });
  if (bound) context.rerender();
}

/** The rules editor: one fieldset per rule, in CF's shape; the whole list replaces the ASG's rules (PATCH rules). */
async function editRules(group, context) {
  const saved = await formDialog({
    title: `Edit rules of ${group.name}`,
    submitLabel: 'Save rules',
    build: form => {
      const list = h('div', { class: 'rule-list' });
      const add = h('button', { type: 'button', class: 'secondary', onclick: () => { list.append(ruleFieldset(list)); renumber(list); list.lastElementChild.querySelector('select').focus(); } }, 'Add rule');
      for (const rule of group.rules) list.append(ruleFieldset(list, rule));
      renumber(list);
      form.append(list, add);
    },
    onSubmit: async form => {
      const errors = {};
      const rules = [...form.querySelectorAll('fieldset.cf-rule')].map(fieldset => readRule(fieldset, errors));
      check(errors);
      await cf('PATCH', `/v3/security_groups/${encodeURIComponent(group.guid)}`, { rules });
      announce(`The rules of ${group.name} were saved.`);
    },
  });
  if (saved) context.rerender();
}

function renumber(list) {
  [...list.children].forEach((fieldset, index) => { fieldset.querySelector('legend').textContent = `Rule ${index + 1}`; });
}

function ruleFieldset(list, rule = { protocol: 'tcp', destination: '', ports: '' }) {
  const key = uniqueId('rule');
  const control = (name, element) => { element.name = `${key}-${name}`; element.dataset.part = name; return element; };
  const protocol = control('protocol', select('', protocols, rule.protocol));
  const ports = control('ports', h('input', { autocomplete: 'off', value: rule.ports ?? '', placeholder: '443 or 8000-9000 or 80,443' }));
  const type = control('type', h('input', { type: 'number', min: -1, max: 255, value: rule.type ?? '' }));
  const code = control('code', h('input', { type: 'number', min: -1, max: 255, value: rule.code ?? '' }));
  const portsField = field('Ports', ports, 'A port, a range or a comma list.');
  const icmpFields = h('div', { class: 'grid' }, field('ICMP type', type, '-1 for every type.'), field('ICMP code', code, '-1 for every code.'));
  const log = control('log', h('input', { type: 'checkbox', checked: Boolean(rule.log) }));
  log.id = `${key}-log`;
  const show = () => {
    const value = protocol.value;
    portsField.hidden = value !== 'tcp' && value !== 'udp';
    icmpFields.hidden = value !== 'icmp' && value !== 'icmpv6';
  };
  protocol.addEventListener('change', show);
  const fieldset = h('fieldset', { class: 'cf-rule card' },
    h('legend', {}, 'Rule'),
    h('div', { class: 'grid' },
      field('Protocol', protocol),
      field('Destination', control('destination', h('input', { autocomplete: 'off', value: rule.destination ?? '', placeholder: '10.0.0.0/8' })),
        'A CIDR, an address, a range (10.0.0.1-10.0.0.9) or a comma list of them.')),
    portsField, icmpFields,
    h('div', { class: 'choice' }, log, h('label', { for: log.id }, 'Log connections')),
    field('Description', control('description', h('input', { autocomplete: 'off', maxlength: 255, value: rule.description ?? '' }))),
    h('button', { type: 'button', class: 'link danger', onclick: () => { fieldset.remove(); renumber(list); } }, 'Remove rule'));
  show();
  return fieldset;
}

/** The rule a fieldset describes, in CF's shape, with the fields its protocol takes; mistakes go to `errors` by input name. */
function readRule(fieldset, errors) {
  const part = name => fieldset.querySelector(`[data-part="${name}"]`);
  const protocol = part('protocol').value;
  const destination = part('destination').value.replace(/\s+/g, '');
  const rule = { protocol, destination };
  const fail = (name, message) => { errors[part(name).name] = [message]; };
  if (!destination) fail('destination', 'Enter a destination.');
  if (protocol === 'tcp' || protocol === 'udp') {
    const ports = part('ports').value.replace(/\s+/g, '');
    const valid = /^\d{1,5}(-\d{1,5})?$|^\d{1,5}(,\d{1,5})*$/.test(ports) && ports.split(/[-,]/).every(p => Number(p) >= 1 && Number(p) <= 65535);
    if (!valid) fail('ports', 'Enter a port (1-65535), a range such as 8000-9000 or a list such as 80,443.');
    rule.ports = ports;
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    for (const name of ['type', 'code']) {
      const text = part(name).value.trim();
      const value = Number(text);
      if (text === '' || !Number.isInteger(value) || value < -1 || value > 255) fail(name, `Enter the ICMP ${name}, -1 to 255.`);
      rule[name] = value;
    }
  }
  if (part('log').checked) rule.log = true;
  const description = part('description').value.trim();
  if (description) rule.description = description;
  return rule;
}
