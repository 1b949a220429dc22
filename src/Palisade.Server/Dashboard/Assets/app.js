// The shell: sign in, the project switcher, navigation and the hash router. Each section is a
// module with a render(main, context) function; context says which project and whether the
// caller may change its groups.
import { ApiError, get, getAll, token } from './api.js';
import { alertBox, describe, field, h, replace } from './dom.js';
import { renderGroups } from './groups.js';
import { renderRules } from './rules.js';
import { renderPorts } from './ports.js';
import { renderExplain } from './explain.js';
import { renderAudit } from './audit.js';
import { renderLint } from './lint.js';
import { renderFlowLogs } from './flowlogs.js';
import { renderReachability } from './reachability.js';
import { adminRoute, renderAdmin, showAdminNav } from './admin.js';
import { renderPort } from './port.js';
import { isCloudFoundrySpace, renderSpace } from './space.js';
import { renderAsg } from './asg.js';

const projectKey = 'palisade.project';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const switcher = document.getElementById('project-switcher');
const signOutButton = document.getElementById('sign-out');
const principalLabel = document.getElementById('principal');

let me = null;        // GET /api/v1/whoami
let projects = [];    // GET /api/v1/projects, every page

const sections = {
  // A Cloud Foundry space shows the ASGs that apply to it instead of a project's own groups.
  groups: { title: 'Security groups', render: (main, context) => (isCloudFoundrySpace(context.project) ? renderSpace(main, context) : renderGroups(main, context)) },
  rules: { title: 'Manage rules', render: renderRules },
  ports: { title: 'Ports and instances', render: renderPorts },
  explain: { title: 'Explain a flow', render: renderExplain },
  audit: { title: 'Audit log', render: renderAudit },
  lint: { title: 'Lint', render: renderLint },
  flowlogs: { title: 'Flow logs', render: renderFlowLogs },
  reachability: { title: 'Reachability', render: renderReachability },
  port: { title: 'Port', render: renderPort, under: 'ports' },
  asg: { title: 'Application security group', render: renderAsg, under: 'groups' },
};

/**
 * What the caller may do in a project, as the server decides it (Caller.EnsureGroupWrite): platform
 * admins change everything; readers only read; in a project whose groups the platform manages
 * (Cloud Foundry spaces) every project role only reads.
 */
export function accessTo(project) {
  if (me.is_platform_admin) return { readOnly: false, reason: null };
  const role = me.project_roles[project.id] || 'reader';
  if (project.groups_managed_by === 'platform') {
    return { readOnly: true, reason: `The security groups of this project are managed by the platform: your role (${role}) can view them, not change them.` };
  }
  if (role === 'reader') return { readOnly: true, reason: 'Your role in this project is reader: you can view its security groups, not change them.' };
  return { readOnly: false, reason: null };
}

export const href = (projectId, section, ...rest) => `#/p/${encodeURIComponent(projectId)}/${[section, ...rest].map(encodeURIComponent).join('/')}`;

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'p' || parts.length < 2) return null;
  const [, projectId, section = 'groups', id] = parts;
  if (section === 'groups' && id) return { projectId, section: 'rules', id };
  return { projectId, section: sections[section] ? section : 'groups', id };
}

async function route() {
  if (!token.get()) return showSignIn();
  if (!me) {
    try {
      await loadIdentity();
    } catch (error) {
      token.clear();
      return showSignIn(error instanceof ApiError && error.status === 401 ? 'That token was not accepted. Check it and try again.' : describe(error));
    }
  }

  const admin = adminRoute();
  if (admin) {
    showChrome(projects.find(p => p.id === sessionStorage.getItem(projectKey)) || projects[0] || null, null, admin.page);
    await renderAdmin(main, me, admin, projects);
    return focusHeading();
  }

  if (projects.length === 0) {
    showChrome(null);
    replace(main, h('h1', { tabindex: '-1' }, 'No projects'),
      h('p', {}, 'Your token has no role in any project yet. Ask a platform admin to give you one.'));
    return focusHeading();
  }

  const wanted = parseRoute();
  const project = projects.find(p => p.id === wanted?.projectId);
  if (!project) {
    const remembered = projects.find(p => p.id === sessionStorage.getItem(projectKey)) || projects[0];
    location.replace(href(remembered.id, 'groups'));
    return;
  }

  sessionStorage.setItem(projectKey, project.id);
  showChrome(project, wanted.section);
  const section = sections[wanted.section];
  document.title = `${section.title} · ${project.name} · Palisade`;
  const context = { project, id: wanted.id, ...accessTo(project), href: (...parts) => href(project.id, ...parts) };
  replace(main, h('p', {}, 'Loading…'));
  try {
    await section.render(main, context);
  } catch (error) {
    replace(main, h('h1', { tabindex: '-1' }, section.title), alertBox(describe(error)));
  }
  focusHeading();
}

async function loadIdentity() {
  me = await get('/api/v1/whoami');
  projects = (await getAll('/api/v1/projects?limit=1000')).sort((a, b) => a.name.localeCompare(b.name));
}

function focusHeading() {
  // After a navigation, focus moves to the new page's heading, so keyboard and screen-reader users start there.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

function showChrome(project, section, adminPage) {
  signOutButton.hidden = false;
  principalLabel.textContent = `Signed in as ${me.principal}${me.is_platform_admin ? ' (platform admin)' : ''}`;
  nav.hidden = !project && !me.is_platform_admin;
  showAdminNav(nav, me, adminPage);
  if (project) {
    for (const link of nav.querySelectorAll('a[data-section]')) {
      link.href = href(project.id, link.dataset.section);
      const current = link.dataset.section === section || (section === 'rules' && link.dataset.section === 'groups')
        || sections[section]?.under === link.dataset.section;
      if (current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
    }
  }

  const selectElement = h('select', { id: 'project-select', name: 'project' },
    projects.map(p => h('option', { value: p.id, selected: p.id === project?.id }, p.name)));
  selectElement.addEventListener('change', () => {
    const current = parseRoute();
    // A page of one thing (rules of a group, a port, an ASG) does not exist in the other project: its list does.
    const keep = !current ? 'groups' : current.section === 'rules' ? 'groups' : sections[current.section].under ?? current.section;
    location.hash = href(selectElement.value, keep);
  });
  // The platform's word: a Cloud Foundry space is a project here.
  replace(switcher, h('label', { for: 'project-select' }, project && isCloudFoundrySpace(project) ? 'Space' : 'Project'), selectElement);
}

function showSignIn(message) {
  me = null;
  projects = [];
  nav.hidden = true;
  signOutButton.hidden = true;
  principalLabel.textContent = '';
  replace(switcher);
  document.title = 'Sign in · Palisade';
  const input = h('input', { name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in to Palisade'),
    message ? alertBox(message) : null,
    field('API token', input, 'A bearer token (pal_…). It is kept only in this browser tab and forgotten when the tab closes.'),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      input.focus();
      return;
    }
    token.set(value);
    me = null;
    route();
  });
  replace(main, form);
  input.focus();
}

signOutButton.addEventListener('click', () => {
  token.clear();
  sessionStorage.removeItem(projectKey);
  me = null;
  location.hash = '#/';
  route();
});

window.addEventListener('palisade:unauthorized', () => {
  if (!me) return;
  token.clear();
  showSignIn('Your session ended: the token is no longer accepted. Sign in again.');
});

window.addEventListener('hashchange', route);
route();
