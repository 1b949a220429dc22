// A Cloud Foundry space's Security groups page, as a SAP BTP user expects it: the application
// security groups (ASGs) that apply to the space's running apps and to its staging apps, apart,
// globally enabled ones marked, and each ASG's rules as Cloud Foundry shows them (one row per CF
// rule, destinations and ports as given). Which ASGs apply comes from the native bindings
// (GET /api/v1/bindings: a space binding is a project binding, globally enabled is a global one,
// each with its lifecycle as phase); the rules as CF shows them from the /v3 dialect
// (GET /v3/security_groups/{guid}), since the native rules are their expansion. Space roles only
// read (CAPI: only admins change ASGs), so nothing here writes.
import { ApiError, get, getAll } from './api.js';
import { h, replace, table } from './dom.js';
import { protocolLabel, remotePrefixText } from './ruleformat.js';

/** A project whose groups the platform manages is a Cloud Foundry space (Palisade.Core GroupsManagedBy.Platform). */
export const isCloudFoundrySpace = project => project.groups_managed_by === 'platform';

export const lifecycles = [
  ['running', 'Running apps', 'Apply to the space\'s running app instances.'],
  ['staging', 'Staging apps', 'Apply while the space\'s apps are staged (buildpacks downloading dependencies).'],
];

/**
 * The ASGs that reach the space in each lifecycle, with how: bound to the space, globally enabled,
 * or both. A binding without a phase applies in both (docs/architecture.md, "Semantics decided").
 */
export async function spaceGroups(spaceId) {
  const bindings = (await getAll('/api/v1/bindings?limit=1000'))
    .filter(b => (b.scope === 'project' && b.target_id === spaceId) || b.scope === 'global');
  const applied = { running: new Map(), staging: new Map() };
  for (const binding of bindings) {
    for (const [lifecycle] of lifecycles) {
      if (binding.phase !== lifecycle && binding.phase !== 'none') continue;
      const how = applied[lifecycle].get(binding.group_id) ?? { space: false, global: false };
      if (binding.scope === 'global') how.global = true; else how.space = true;
      applied[lifecycle].set(binding.group_id, how);
    }
  }
  return applied;
}

/**
 * An ASG as Cloud Foundry shows it: its /v3 view. A group bound natively that the /v3 dialect does
 * not know (made through the native API) is shown from its native rules, one row each.
 */
export async function asgView(guid) {
  try {
    return await get(`/v3/security_groups/${encodeURIComponent(guid)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const group = await get(`/api/v1/security-groups/${encodeURIComponent(guid)}`);
    return { guid, name: group.name, native: true, rules: group.rules.map(cfRuleOfNative) };
  }
}

/** A native rule in the CF table's columns (CF ASG rules are egress only; an ingress rule says so). */
function cfRuleOfNative(rule) {
  const icmp = ['icmp', 'ipv6-icmp'].includes(rule.protocol);
  return {
    protocol: rule.protocol ? (rule.protocol === 'ipv6-icmp' ? 'icmpv6' : rule.protocol) : 'all',
    destination: rule.remote_group_id ? `ports of group ${rule.remote_group_id}` : remotePrefixText(rule),
    ports: icmp || rule.port_range_min == null ? undefined
      : rule.port_range_min === rule.port_range_max ? String(rule.port_range_min) : `${rule.port_range_min}-${rule.port_range_max}`,
    type: icmp ? rule.port_range_min ?? -1 : undefined,
    code: icmp ? rule.port_range_max ?? -1 : undefined,
    log: rule.log,
    description: [rule.direction === 'ingress' ? '(ingress)' : null, rule.description].filter(Boolean).join(' '),
  };
}

const any = value => (value === -1 ? 'any' : String(value));

/** The rules of an ASG, one row per Cloud Foundry rule, in CF's words. */
export function cfRulesTable(caption, rules) {
  const rows = rules.map(rule => h('tr', {},
    h('td', {}, protocolLabel(rule.protocol === 'all' ? null : rule.protocol)),
    h('td', {}, h('ul', { class: 'plain' }, String(rule.destination ?? '').split(',').map(d => h('li', {}, d)))),
    h('td', {}, rule.ports ? rule.ports.split(',').join(', ') : '—'),
    h('td', {}, rule.type === undefined ? '—' : `type ${any(rule.type)}, code ${any(rule.code ?? -1)}`),
    h('td', {}, rule.log ? 'Yes' : 'No'),
    h('td', {}, rule.description || '—')));
  return table(caption, ['Protocol', 'Destination', 'Ports', 'ICMP', 'Log', 'Description'], rows,
    { emptyText: 'No rules: this ASG allows nothing.' });
}

function howText(how) {
  return [how.space ? 'Bound to this space' : null, how.global ? 'Globally enabled' : null].filter(Boolean);
}

export async function renderSpace(main, context) {
  const { project } = context;
  const applied = await spaceGroups(project.id);
  const ids = [...new Set([...applied.running.keys(), ...applied.staging.keys()])];
  const views = new Map(await Promise.all(ids.map(async id => [id, await asgView(id)])));

  const sections = lifecycles.map(([lifecycle, title, hint]) => {
    const groups = [...applied[lifecycle].entries()]
      .map(([id, how]) => ({ view: views.get(id), how }))
      .sort((a, b) => a.view.name.localeCompare(b.view.name));
    return h('section', { 'aria-labelledby': `${lifecycle}-title` },
      h('h2', { id: `${lifecycle}-title` }, title),
      h('p', { class: 'hint' }, hint),
      groups.length === 0
        ? h('p', { class: 'empty-note' }, `No ASG applies to ${lifecycle === 'running' ? 'running' : 'staging'} apps of this space: their outbound traffic is dropped.`)
        : groups.map(({ view, how }) => h('article', { class: 'card asg', 'aria-labelledby': `${lifecycle}-${view.guid}` },
          h('h3', { id: `${lifecycle}-${view.guid}` },
            h('a', { href: context.href('asg', view.guid) }, view.name), ' ',
            howText(how).map(text => h('span', { class: `badge ${text === 'Globally enabled' ? 'global' : 'enabled'}` }, text))),
          cfRulesTable(`Rules of ${view.name} (${lifecycle})`, view.rules))));
  });

  replace(main,
    h('h1', {}, `Security groups of space ${project.name}`),
    h('p', { class: 'lead' }, 'The application security groups (ASGs) that apply to the apps of this space. '
      + 'Each allows outbound traffic; anything no ASG allows is dropped.'),
    h('p', { class: 'note', role: 'note' }, context.readOnly
      ? 'ASGs are managed by the platform admins: space roles can view them, not change them.'
      : 'ASGs are managed by the platform admins, for every space at once, not from a space.'),
    sections);
}
