// Ports and instances: attach and detach groups per port (mCloud's Edit Port → Security Groups)
// and for every port of an instance (Edit Security Groups on the instance: an instance binding,
// which also reaches ports the instance gets later).
import { del, get, getAll, post, put, query } from './api.js';
import { announce, formDialog, h, replace, table } from './dom.js';
import { namesText, projectGroups } from './groups.js';

export async function renderPorts(main, context) {
  const { project } = context;
  const [ports, groups, bindings] = await Promise.all([
    getAll(query('/api/v1/ports', { project_id: project.id, limit: 1000 })),
    projectGroups(project.id),
    getAll('/api/v1/bindings?limit=1000'),
  ]);
  const names = new Map(groups.map(g => [g.id, g.name]));
  const nameOf = id => names.get(id) ?? id;
  const instanceBindings = bindings.filter(b => b.scope === 'instance');
  // Cloud Foundry style: groups bound to every port of the project (or the platform) in a phase. Shown, not edited here.
  const wideBindings = bindings.filter(b => (b.scope === 'project' && b.target_id === project.id) || b.scope === 'global');
  for (const id of wideBindings.map(b => b.group_id).filter(id => !names.has(id))) {
    try { names.set(id, (await get(`/api/v1/security-groups/${encodeURIComponent(id)}`)).name); } catch { names.set(id, id); }
  }
  const rerender = () => renderPorts(main, context);

  const portRows = ports.map(port => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: context.href('port', port.id), 'aria-label': `Port ${port.id}: effective rules and enforcement` }, h('code', {}, port.id))),
    h('td', {}, port.instance_id || '—'),
    h('td', {}, port.fixed_ips.map(ip => ip.ip_address).join(', ') || '—'),
    h('td', {}, port.host || '—'),
    h('td', {}, port.port_security_enabled
      ? (namesText(port.security_groups, nameOf) || 'None')
      : 'Port security disabled'),
    context.readOnly ? null : h('td', { class: 'actions' },
      port.port_security_enabled
        ? h('button', { type: 'button', class: 'link', 'aria-label': `Edit security groups of port ${port.id}`, onclick: () => editPort(port, groups, nameOf, rerender) }, 'Edit security groups')
        : null)));

  const instances = new Map();
  for (const port of ports.filter(p => p.instance_id)) {
    if (!instances.has(port.instance_id)) instances.set(port.instance_id, []);
    instances.get(port.instance_id).push(port);
  }
  const instanceRows = [...instances.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([instanceId, instancePorts]) => {
    const bound = instanceBindings.filter(b => b.target_id === instanceId);
    return h('tr', {},
      h('th', { scope: 'row' }, instanceId),
      h('td', { class: 'number' }, String(instancePorts.length)),
      h('td', {}, namesText(bound.map(b => b.group_id), nameOf) || 'None'),
      context.readOnly ? null : h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'link', 'aria-label': `Edit security groups of instance ${instanceId}`, onclick: () => editInstance(instanceId, bound, groups, rerender) }, 'Edit security groups')));
  });

  const portHeaders = ['Port', 'Instance', 'Fixed IPs', 'Host', 'Security groups'];
  const instanceHeaders = ['Instance', 'Ports', 'Security groups of every port'];
  if (!context.readOnly) {
    portHeaders.push('Actions');
    instanceHeaders.push('Actions');
  }

  replace(main,
    h('h1', {}, 'Ports and instances'),
    h('p', { class: 'lead' }, 'A security group does nothing until it is applied to a port, directly or through the instance the port belongs to.'),
    context.reason ? h('p', { class: 'note', role: 'note' }, context.reason) : null,
    h('section', { 'aria-labelledby': 'ports-title' },
      h('h2', { id: 'ports-title' }, 'Ports'),
      table(`Ports of ${project.name}`, portHeaders, portRows, { emptyText: 'This project has no ports.' })),
    h('section', { 'aria-labelledby': 'instances-title' },
      h('h2', { id: 'instances-title' }, 'Instances'),
      h('p', {}, 'Groups applied to an instance reach every port it has, now and later, in addition to each port\'s own groups.'),
      table(`Instances of ${project.name}`, instanceHeaders, instanceRows, { emptyText: 'No port of this project belongs to an instance.' })),
    wideBindings.length === 0 ? null : h('section', { 'aria-labelledby': 'wide-title' },
      h('h2', { id: 'wide-title' }, 'Groups of every port in a phase'),
      h('p', {}, 'Bound by the platform to every port of this project, or of every project, in the phase shown (running or staging apps).'),
      table('Project and platform bindings', ['Security group', 'Applies to', 'Phase'], [...wideBindings].sort((a, b) => nameOf(a.group_id).localeCompare(nameOf(b.group_id))).map(b => h('tr', {},
        h('td', {}, nameOf(b.group_id)),
        h('td', {}, b.scope === 'global' ? 'Every project' : 'This project'),
        h('td', {}, b.phase))))));
}

function groupChoices(form, legend, groups, checked) {
  form.append(h('fieldset', { class: 'choices' },
    h('legend', {}, legend),
    groups.length === 0 ? h('p', {}, 'This project has no security groups.') : null,
    groups.map(group => h('label', { class: 'choice' },
      h('input', { type: 'checkbox', name: 'security_groups', value: group.id, checked: checked.has(group.id) }),
      ` ${group.name}`, group.status === 'disabled' ? ' (disabled)' : ''))));
}

const chosen = form => [...form.querySelectorAll('input[name="security_groups"]:checked')].map(input => input.value);

function editPort(port, groups, nameOf, done) {
  // Groups bound to the port but not in the project's list (platform-owned) stay choices too.
  const known = new Set(groups.map(g => g.id));
  const all = [...groups, ...port.security_groups.filter(id => !known.has(id)).map(id => ({ id, name: nameOf(id) }))];
  return formDialog({
    title: `Security groups of port ${port.id}`,
    submitLabel: 'Save',
    build: form => groupChoices(form, 'Groups applied to this port', all, new Set(port.security_groups)),
    onSubmit: async form => {
      // If-Match on the revision read: a concurrent change to the port's groups is refused, never lost.
      await put(`/api/v1/ports/${encodeURIComponent(port.id)}/security-groups`, { security_groups: chosen(form) }, port.revision_number);
      announce(`The security groups of port ${port.id} were saved.`);
      done();
    },
  });
}

function editInstance(instanceId, bound, groups, done) {
  const current = new Map(bound.map(b => [b.group_id, b]));
  return formDialog({
    title: `Security groups of instance ${instanceId}`,
    submitLabel: 'Save',
    build: form => groupChoices(form, 'Groups applied to every port of this instance', groups, new Set(current.keys())),
    onSubmit: async form => {
      const wanted = new Set(chosen(form));
      for (const id of wanted) {
        if (!current.has(id)) await post('/api/v1/bindings', { group_id: id, scope: 'instance', target_id: instanceId });
      }
      for (const [id, binding] of current) {
        if (!wanted.has(id)) await del(`/api/v1/bindings/${encodeURIComponent(binding.id)}`);
      }
      announce(`The security groups of instance ${instanceId} were saved.`);
      done();
    },
  });
}
