// Network → Security groups: the list (paged, so a project with thousands of groups stays fast),
// Add, Edit, Manage rules and Delete, as StackBill and mCloud present them.
import { ApiError, del, get, getAll, getPage, patch, post, query } from './api.js';
import { announce, confirmDialog, field, formDialog, h, replace, select, table } from './dom.js';

export const pageSize = 50;

/**
 * The group every project has, which the server refuses to delete for every caller
 * (409 SecurityGroupCannotRemoveDefault, docs/compatibility/neutron-errors.md), so Delete is not
 * offered on it: its rules are edited instead.
 */
const defaultGroupName = 'default';

/** Per project: the cursors of the pages seen, so Previous works without the server keeping state. */
const pagers = new Map();

export async function renderGroups(main, context) {
  const { project } = context;
  const pager = pagers.get(project.id) || { stack: [null], index: 0 };
  pagers.set(project.id, pager);
  const cursor = pager.stack[pager.index];
  const [page, usage] = await Promise.all([
    // Sorted by the server, so every page continues the previous one in name order (the cursor carries the name).
    getPage(query('/api/v1/security-groups', { project_id: project.id, sort: 'name', limit: pageSize, cursor })),
    portUsage(project.id),
  ]);
  pager.stack[pager.index + 1] = page.next ? new URL(page.next, location.origin).searchParams.get('cursor') : undefined;

  const rerender = () => renderGroups(main, context).then(() => main.querySelector('h1')?.focus());
  const known = new Map(page.items.map(group => [group.id, group.name]));
  const rows = page.items.map(group => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: context.href('groups', group.id) }, group.name)),
    h('td', {}, group.description || '—'),
    h('td', {}, h('span', { class: `badge ${group.status}` }, group.status === 'enabled' ? 'Enabled' : 'Disabled')),
    h('td', { class: 'number' }, String(group.rules.length)),
    h('td', { class: 'number' }, String(usage.get(group.id) ?? 0)),
    h('td', { class: 'actions' },
      context.readOnly ? null : h('button', { type: 'button', class: 'link', 'aria-label': `Edit ${group.name}`, onclick: () => editGroup(project, group, known, rerender) }, 'Edit'),
      h('a', { class: 'button-link', href: context.href('groups', group.id), 'aria-label': `${context.readOnly ? 'View rules of' : 'Manage rules of'} ${group.name}` }, context.readOnly ? 'View rules' : 'Manage rules'),
      context.readOnly || group.name === defaultGroupName ? null : h('button', { type: 'button', class: 'link danger', 'aria-label': `Delete ${group.name}`, onclick: () => deleteGroup(group, known, rerender) }, 'Delete'))));

  const previous = h('button', { type: 'button', class: 'secondary', disabled: pager.index === 0, onclick: () => { pager.index--; rerender(); } }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary', disabled: !page.next, onclick: () => { pager.index++; rerender(); } }, 'Next page');

  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Security groups'),
      context.readOnly ? null : h('button', { type: 'button', class: 'primary', onclick: () => addGroup(project, created => { pager.stack = [null]; pager.index = 0; location.hash = context.href('groups', created.id); }) }, 'Add')),
    h('p', { class: 'lead' }, `Groups of allow rules for the ports of project ${project.name}. Anything no rule allows is dropped.`),
    context.reason ? h('p', { class: 'note', role: 'note' }, context.reason) : null,
    table(`Security groups of ${project.name}, page ${pager.index + 1}`,
      ['Name', 'Description', 'Status', 'Rules', 'Bound ports', 'Actions'], rows, { emptyText: 'This project has no security groups.' }),
    h('nav', { class: 'pager', 'aria-label': 'Security group pages' }, previous, h('span', {}, `Page ${pager.index + 1}`), next));
}

/**
 * How many of the project's ports each group reaches: bound to the port itself or to its instance.
 * The API has no count, so this reads the project's ports and instance bindings once per view.
 */
async function portUsage(projectId) {
  const [ports, bindings] = await Promise.all([
    getAll(query('/api/v1/ports', { project_id: projectId, limit: 1000 })),
    getAll('/api/v1/bindings?limit=1000'),
  ]);
  const instanceGroups = new Map();
  for (const binding of bindings.filter(b => b.scope === 'instance')) {
    if (!instanceGroups.has(binding.target_id)) instanceGroups.set(binding.target_id, new Set());
    instanceGroups.get(binding.target_id).add(binding.group_id);
  }
  const usage = new Map();
  for (const port of ports) {
    const groups = new Set(port.security_groups);
    for (const id of instanceGroups.get(port.instance_id) ?? []) groups.add(id);
    for (const id of groups) usage.set(id, (usage.get(id) ?? 0) + 1);
  }
  return usage;
}

function groupFields(form, group) {
  form.append(
    field('Name', h('input', { name: 'name', required: true, maxlength: 255, autocomplete: 'off', value: group?.name ?? '' })),
    field('Description', h('textarea', { name: 'description', rows: 3, maxlength: 255 }, group?.description ?? '')),
    field('Status', select('status', [['enabled', 'Enabled'], ['disabled', 'Disabled (its rules allow nothing)']], group?.status ?? 'enabled')));
}

/** After the group is created its rules open, as in mCloud: a new group allows nothing inbound until rules are added. */
function addGroup(project, done) {
  return formDialog({
    title: 'Add security group',
    submitLabel: 'Add',
    build: form => {
      groupFields(form);
      // Neutron's stateful attribute (neutron-lib api/definitions/stateful_security_group.py): stateless groups
      // allow no replies by themselves, so each direction needs its own rules (useful for UDP at high rates).
      form.append(field('Connection tracking', select('stateful', [
        ['stateful', 'Stateful: replies to allowed traffic are allowed'],
        ['stateless', 'Stateless: replies need rules of their own'],
      ], 'stateful'), 'Stateful is what most servers need.'));
    },
    onSubmit: async form => {
      const created = await post('/api/v1/security-groups', {
        project_id: project.id,
        name: form.elements.name.value,
        description: form.elements.description.value,
        status: form.elements.status.value,
        stateful: form.elements.stateful.value === 'stateful',
      });
      announce(`Security group ${created.name} was created.`);
      done(created);
    },
  });
}

function editGroup(project, group, known, done) {
  return formDialog({
    title: `Edit security group ${group.name}`,
    submitLabel: 'Save',
    build: form => groupFields(form, group),
    onSubmit: async form => {
      const changes = {};
      for (const name of ['name', 'description', 'status']) {
        if (form.elements[name].value !== group[name]) changes[name] = form.elements[name].value;
      }
      // If-Match: a concurrent edit since this list was read is refused (412) rather than overwritten.
      const updated = await patch(`/api/v1/security-groups/${encodeURIComponent(group.id)}`, changes, group.revision_number)
        .catch(async error => { throw await withGroupNames(error, known); });
      announce(`Security group ${updated.name} was saved.`);
      done();
    },
  });
}

function deleteGroup(group, known, done) {
  return confirmDialog({
    title: `Delete security group ${group.name}?`,
    message: 'Its rules are deleted with it. A group that is bound to a port or instance cannot be deleted.',
    confirmLabel: 'Delete',
    action: async () => {
      await del(`/api/v1/security-groups/${encodeURIComponent(group.id)}`)
        .catch(async error => { throw await withGroupNames(error, known); });
      announce(`Security group ${group.name} was deleted.`);
      done();
    },
  });
}

/**
 * The server's refusals name groups by id ("Security group <id> is the remote group of rules in
 * group <id>"), as its API must; people know them by name. Each id after "group" becomes the group's
 * name: from `known`, else read from the API (kept as an id if the caller may not read it).
 */
export async function withGroupNames(error, known) {
  if (!(error instanceof ApiError) || !error.detail) return error;
  const pattern = /\b(group) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi;
  const names = new Map(known);
  for (const [, , id] of error.detail.matchAll(pattern)) {
    if (names.has(id)) continue;
    try { names.set(id, (await get(`/api/v1/security-groups/${encodeURIComponent(id)}`)).name); } catch { names.set(id, null); }
  }
  const detail = error.detail.replace(pattern, (text, word, id) => (names.get(id) ? `${word} “${names.get(id)}”` : text));
  return new ApiError(error.status, { title: error.title, detail, errors: error.errors });
}

/** Used by other views: every group of the project (for pickers), sorted by name. */
export async function projectGroups(projectId) {
  const groups = await getAll(query('/api/v1/security-groups', { project_id: projectId, limit: 1000 }));
  return groups.sort((a, b) => a.name.localeCompare(b.name));
}

/** Group names as a list reads them: sorted, joined with commas. */
export const namesText = (ids, nameOf) => ids.map(nameOf).sort((a, b) => a.localeCompare(b)).join(', ');
