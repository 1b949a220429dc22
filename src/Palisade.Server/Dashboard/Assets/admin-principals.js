// Platform → Principals and access: principals (the built-in admin included), and for one principal
// its tokens, its roles in projects and its API key pairs. Secrets are shown once, when made.
import { del, get, getAll, post, query } from './api.js';
import { announce, confirmDialog, field, formDialog, formatDate, h, replace, select, table } from './dom.js';
import { adminHref, byName, check, secretDialog } from './admin.js';

/** The platform admin token's principal (CallerResolver.AdminPrincipalId): never deleted, has every role. */
const builtInAdmin = 'admin';

export async function renderPrincipals(main, context) {
  const [principals, bindings] = await Promise.all([
    getAll('/api/v1/principals?limit=1000'),
    getAll('/api/v1/role-bindings?limit=1000'),
  ]);
  const projectName = id => context.projects.find(p => p.id === id)?.name ?? id;
  const rows = principals.sort(byName).map(principal => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: adminHref('principals', principal.id) }, principal.name)),
    h('td', {}, rolesText(principal, bindings, projectName)),
    h('td', {}, h('code', {}, principal.id)),
    h('td', { class: 'actions' },
      h('a', { class: 'button-link', href: adminHref('principals', principal.id), 'aria-label': `Manage access of ${principal.name}` }, 'Manage access'),
      principal.id === builtInAdmin ? null : h('button', {
        type: 'button', class: 'link danger', 'aria-label': `Delete ${principal.name}`,
        onclick: () => confirmDialog({
          title: `Delete principal ${principal.name}?`,
          message: 'Its tokens, API keys and role bindings stop working at once.',
          confirmLabel: 'Delete',
          action: async () => {
            await del(`/api/v1/principals/${encodeURIComponent(principal.id)}`);
            announce(`Principal ${principal.name} was deleted.`);
            context.rerender();
          },
        }),
      }, 'Delete'))));

  replace(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Principals and access'),
      h('button', { type: 'button', class: 'primary', onclick: () => addPrincipal(context) }, 'Add principal')),
    h('p', { class: 'lead' }, 'Users and service accounts, and what they may do. The built-in admin is the platform admin token\'s principal.'),
    table('Principals', ['Name', 'Roles', 'ID', 'Actions'], rows, { emptyText: 'No principals.' }));
}

function rolesText(principal, bindings, projectName) {
  if (principal.id === builtInAdmin) return 'Platform admin (built in)';
  const own = bindings.filter(b => b.principal_id === principal.id);
  if (own.length === 0) return 'No roles';
  return own.map(b => (b.project_id ? `${b.role} in ${projectName(b.project_id)}` : 'platform admin'))
    .sort((a, b) => a.localeCompare(b)).join(', ');
}

function addPrincipal(context) {
  return formDialog({
    title: 'Add principal',
    submitLabel: 'Add',
    build: form => form.append(field('Name', h('input', { name: 'name', required: true, maxlength: 255, autocomplete: 'off' }),
      'A user or service account name, unique on this platform.')),
    onSubmit: async form => {
      const name = form.elements.name.value.trim();
      check(!name ? { name: ['Enter a name.'] }
        : name === builtInAdmin ? { name: ['admin is the built-in platform admin; choose another name.'] }
          : {});
      const created = await post('/api/v1/principals', { name });
      announce(`Principal ${created.name} was added.`);
      location.hash = adminHref('principals', created.id);
    },
  });
}

export async function renderPrincipal(main, context) {
  const id = context.id;
  const builtIn = id === builtInAdmin;
  const [principal, tokens, bindings, keys] = await Promise.all([
    get(`/api/v1/principals/${encodeURIComponent(id)}`),
    getAll(query('/api/v1/tokens', { principal_id: id, limit: 1000 })),
    builtIn ? [] : getAll(query('/api/v1/role-bindings', { principal_id: id, limit: 1000 })),
    getAll(`/api/v1/principals/${encodeURIComponent(id)}/api-keys?limit=1000`),
  ]);
  const projectName = projectId => context.projects.find(p => p.id === projectId)?.name ?? projectId;

  const tokenRows = tokens.sort((a, b) => (a.description || '').localeCompare(b.description || '') || a.created_at.localeCompare(b.created_at))
    .map(t => h('tr', {},
      h('td', {}, t.description || '—'),
      h('td', {}, h('time', { datetime: t.created_at }, formatDate(t.created_at))),
      h('td', {}, t.project_id ? projectName(t.project_id) : 'All of the principal\'s projects'),
      h('td', {}, h('code', {}, t.id)),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'link danger', 'aria-label': `Revoke token ${t.description || t.id}`,
        onclick: () => confirmDialog({
          title: 'Revoke this token?',
          message: `Token ${t.description || t.id} stops working at once.`,
          confirmLabel: 'Revoke',
          action: async () => {
            await del(`/api/v1/tokens/${encodeURIComponent(t.id)}`);
            announce('The token was revoked.');
            context.rerender();
          },
        }),
      }, 'Revoke'))));

  const bindingRows = bindings
    .map(b => ({ ...b, where: b.project_id ? projectName(b.project_id) : 'Every project (platform admin)' }))
    .sort((a, b) => a.where.localeCompare(b.where) || a.role.localeCompare(b.role))
    .map(b => h('tr', {},
      h('th', { scope: 'row' }, b.where),
      h('td', {}, b.role),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'link danger', 'aria-label': `Revoke ${b.role} in ${b.where}`,
        onclick: () => confirmDialog({
          title: `Revoke ${b.role} in ${b.where}?`,
          message: `${principal.name} loses this role at once.`,
          confirmLabel: 'Revoke',
          action: async () => {
            await del(`/api/v1/role-bindings/${encodeURIComponent(b.id)}`);
            announce(`${principal.name} is no longer ${b.role} in ${b.where}.`);
            context.rerender();
          },
        }),
      }, 'Revoke'))));

  const keyRows = keys.sort((a, b) => a.created_at.localeCompare(b.created_at)).map(k => h('tr', {},
    h('td', {}, h('code', {}, k.api_key)),
    h('td', {}, h('time', { datetime: k.created_at }, formatDate(k.created_at))),
    h('td', { class: 'actions' }, h('button', {
      type: 'button', class: 'link danger', 'aria-label': `Delete API key ${k.api_key.slice(0, 8)}…`,
      onclick: () => confirmDialog({
        title: 'Delete this API key pair?',
        message: 'Requests signed with it are refused at once.',
        confirmLabel: 'Delete',
        action: async () => {
          await del(`/api/v1/principals/${encodeURIComponent(id)}/api-keys/${encodeURIComponent(k.api_key)}`);
          announce('The API key pair was deleted.');
          context.rerender();
        },
      }),
    }, 'Delete'))));

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: adminHref('principals') }, 'Principals and access'), ' / ', principal.name),
    h('h1', {}, `Principal ${principal.name}`),
    builtIn ? h('p', { class: 'note', role: 'note' }, 'The built-in platform admin has every role; it cannot be deleted or given roles.') : null,
    h('div', { class: 'page-head' }, h('h2', {}, 'Tokens'),
      h('button', { type: 'button', class: 'primary', onclick: () => createToken(principal, context) }, 'Create token')),
    table(`Tokens of ${principal.name}`, ['Description', 'Created', 'Scope', 'ID', 'Actions'], tokenRows, { emptyText: 'No tokens.' }),
    builtIn ? null : [
      h('div', { class: 'page-head' }, h('h2', {}, 'Roles'),
        h('button', { type: 'button', class: 'primary', onclick: () => grantRole(principal, context) }, 'Grant role')),
      table(`Roles of ${principal.name}`, ['Project', 'Role', 'Actions'], bindingRows, { emptyText: 'No roles: this principal can do nothing yet.' }),
    ],
    h('div', { class: 'page-head' }, h('h2', {}, 'API key pairs'),
      h('button', { type: 'button', class: 'primary', onclick: () => createApiKey(principal, context) }, 'Create API key pair')),
    h('p', { class: 'hint' }, 'For signed requests of the CloudStack dialect. Only the public key is listed; the secret key is shown once.'),
    table(`API key pairs of ${principal.name}`, ['API key', 'Created', 'Actions'], keyRows, { emptyText: 'No API key pairs.' }));
}

async function createToken(principal, context) {
  let created = null;
  await formDialog({
    title: `Create a token for ${principal.name}`,
    submitLabel: 'Create',
    build: form => form.append(field('Description', h('input', { name: 'description', maxlength: 255, autocomplete: 'off' }),
      'What the token is for (e.g. laptop, CI). Optional.')),
    onSubmit: async form => {
      const description = form.elements.description.value.trim();
      check(description.length > 255 ? { description: ['At most 255 characters.'] } : {});
      created = await post('/api/v1/tokens', { principal_id: principal.id, description });
    },
  });
  if (!created) return;
  await secretDialog({
    title: 'Token created',
    message: 'Copy the token now: it is shown only this once and cannot be shown again.',
    secrets: [{ label: 'Token', value: created.token }],
  });
  created = null;
  context.rerender();
}

async function grantRole(principal, context) {
  const projects = [...context.projects].sort(byName);
  const granted = await formDialog({
    title: `Grant a role to ${principal.name}`,
    submitLabel: 'Grant',
    build: form => form.append(
      field('Project', select('project_id', [['', 'Choose a project'], ...projects.map(p => [p.id, p.name]), ['*', 'Every project (platform admin)']], '')),
      field('Role', select('role', [['reader', 'Reader: views groups and rules'], ['member', 'Member: changes groups and rules'], ['admin', 'Admin: everything in the project']], 'reader'))),
    onSubmit: async form => {
      const projectId = form.elements.project_id.value;
      const role = form.elements.role.value;
      check(!projectId ? { project_id: ['Choose a project.'] }
        : projectId === '*' && role !== 'admin' ? { role: ['Only admin can be granted on every project.'] } : {});
      await post('/api/v1/role-bindings', { principal_id: principal.id, role, project_id: projectId === '*' ? null : projectId });
      announce(`${principal.name} is now ${role} in ${projectId === '*' ? 'every project' : projects.find(p => p.id === projectId).name}.`);
    },
  });
  if (granted) context.rerender();
}

async function createApiKey(principal, context) {
  let created = null;
  await withRefusalAnnounced(async () => { created = await post(`/api/v1/principals/${encodeURIComponent(principal.id)}/api-keys`, {}); });
  if (!created) return;
  await secretDialog({
    title: 'API key pair created',
    message: 'Copy the secret key now: it is shown only this once and cannot be shown again.',
    secrets: [{ label: 'API key', value: created.api_key }, { label: 'Secret key', value: created.secret_key }],
  });
  created = null;
  context.rerender();
}

/** Runs an action that needs no form; a refusal is announced with the server's text. */
async function withRefusalAnnounced(action) {
  try {
    await action();
  } catch (error) {
    announce(error.detail || error.message);
  }
}
