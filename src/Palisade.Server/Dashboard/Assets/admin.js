// The platform admin console: principals and their access, quotas, Cloud Foundry ASGs, platform
// policies and hosts, under #/admin/…. Its navigation is added only for a platform admin; every
// call it makes is refused (403) for other roles anyway, since the API checks the caller.
import { ApiError, token } from './api.js';
import { alertBox, describe, h, replace, uniqueId } from './dom.js';
import { renderPrincipal, renderPrincipals } from './admin-principals.js';
import { renderQuotas } from './admin-quotas.js';
import { renderAsgs } from './admin-asgs.js';
import { renderPolicies } from './admin-policies.js';
import { renderHosts } from './admin-hosts.js';

const pages = {
  principals: { title: 'Principals and access', render: renderPrincipals, detail: renderPrincipal },
  quotas: { title: 'Quotas', render: renderQuotas },
  asgs: { title: 'Cloud Foundry ASGs', render: renderAsgs },
  policies: { title: 'Platform policies', render: renderPolicies },
  hosts: { title: 'Hosts and agents', render: renderHosts },
};

/** The admin page the address asks for ({ page, id }), or null when it is not an admin address. */
export function adminRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'admin') return null;
  return { page: pages[parts[1]] ? parts[1] : 'principals', id: parts[2] };
}

export const adminHref = (...parts) => `#/admin/${parts.map(encodeURIComponent).join('/')}`;

/**
 * Adds the Platform group to the navigation for a platform admin and removes it for anyone else
 * (a token may change in the same tab), marking the current admin page.
 */
export function showAdminNav(nav, me, current) {
  let group = nav.querySelector('#nav-platform-group');
  if (!me?.is_platform_admin) {
    group?.remove();
    return;
  }

  if (!group) {
    const headingId = 'nav-platform';
    group = h('div', { id: 'nav-platform-group' },
      h('h2', { class: 'nav-heading', id: headingId }, 'Platform'),
      h('ul', { 'aria-labelledby': headingId },
        Object.entries(pages).map(([key, page]) => h('li', {}, h('a', { 'data-admin': key, href: adminHref(key) }, page.title)))));
    nav.append(group);
  }

  for (const link of group.querySelectorAll('a[data-admin]')) {
    if (link.dataset.admin === current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
}

/** Renders an admin page; a caller who is not a platform admin is told so, without calling the API. */
export async function renderAdmin(main, me, route, projects) {
  const page = pages[route.page];
  document.title = `${page.title} · Palisade`;
  if (!me.is_platform_admin) {
    replace(main, h('h1', {}, 'Not available'), alertBox('Only a platform admin can use the platform admin console.'));
    return;
  }

  replace(main, h('p', {}, 'Loading…'));
  const context = { projects, id: route.id, rerender: () => renderAdmin(main, me, route, projects).then(() => main.querySelector('h1')?.focus()) };
  try {
    await (route.id && page.detail ? page.detail : page.render)(main, context);
  } catch (error) {
    replace(main, h('h1', {}, page.title), alertBox(describe(error)));
  }
}

/**
 * A refusal made in the browser, before anything is sent: shown like the server's own (the fields
 * it names are marked), so a form looks the same whichever side found the mistake.
 */
export function invalid(errors) {
  return new ApiError(400, { title: 'Invalid', detail: Object.values(errors).flat().join(' '), errors });
}

/** Throws the field errors collected while checking a form, if there are any. */
export function check(errors) {
  if (Object.keys(errors).length > 0) throw invalid(errors);
}

/**
 * Shows a secret exactly once (a token, an API key's secret key), with a Copy button. Nothing keeps
 * it: when the dialog closes it leaves the page, and the server has no way to show it again.
 */
export function secretDialog({ title, message, secrets }) {
  return new Promise(resolve => {
    const opener = document.activeElement;
    const titleId = uniqueId('secret-title');
    const status = h('p', { class: 'hint', role: 'status' });
    const rows = secrets.map(({ label, value }) => {
      const input = h('input', { type: 'text', readonly: true, value, spellcheck: 'false', autocomplete: 'off', class: 'secret' });
      input.id = uniqueId('secret');
      const copy = h('button', {
        type: 'button', class: 'secondary', 'aria-label': `Copy ${label}`,
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(value);
            status.textContent = `${label} copied.`;
          } catch {
            input.select();
            status.textContent = 'The browser did not allow copying: the text is selected, copy it with the keyboard.';
          }
        },
      }, 'Copy');
      return h('div', { class: 'field' }, h('label', { for: input.id }, label), h('div', { class: 'secret-row' }, input, copy));
    });
    const done = h('button', { type: 'button', class: 'primary', onclick: () => dialog.close() }, 'Done');
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', { class: 'warning' }, message),
      rows, status,
      h('div', { class: 'dialog-actions' }, done));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('input')?.focus();
  });
}

/** Sorted by name, as every admin list is. */
export const byName = (a, b) => a.name.localeCompare(b.name);

/** The signed-in token, for the Cloud Foundry dialect (/v3 takes the same bearer token as the native API). */
export const bearer = () => token.get();
