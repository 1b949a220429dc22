// The audit log of the project: who changed what, when, newest first, one page at a time
// (the API pages audit events with next_cursor).
import { getPage, query } from './api.js';
import { formatDate, h, replace, table } from './dom.js';

export const auditPageSize = 25;
const pagers = new Map();

export async function renderAudit(main, context) {
  const { project } = context;
  const pager = pagers.get(project.id) || { stack: [null], index: 0 };
  pagers.set(project.id, pager);
  const { items: page } = await getPage(query('/api/v1/audit-events', { project_id: project.id, limit: auditPageSize, cursor: pager.stack[pager.index] }));
  pager.stack[pager.index + 1] = page.next_cursor ?? undefined;
  const rerender = () => renderAudit(main, context).then(() => main.querySelector('h1')?.focus());

  const rows = page.events.map(event => h('tr', {},
    h('td', {}, h('time', { datetime: event.at }, formatDate(event.at))),
    h('td', {}, event.actor),
    h('td', {}, event.action),
    h('td', {}, `${event.resource_kind.replaceAll('_', ' ')} `, h('code', {}, event.resource_id)),
    h('td', {}, changes(event))));

  replace(main,
    h('h1', {}, 'Audit log'),
    h('p', { class: 'lead' }, `Every change to project ${project.name}, newest first.`),
    table(`Audit events of ${project.name}, page ${pager.index + 1}`, ['When', 'Who', 'Action', 'Resource', 'Change'], rows,
      { emptyText: 'No changes recorded.' }),
    h('nav', { class: 'pager', 'aria-label': 'Audit log pages' },
      h('button', { type: 'button', class: 'secondary', disabled: pager.index === 0, onclick: () => { pager.index--; rerender(); } }, 'Newer events'),
      h('span', {}, `Page ${pager.index + 1}`),
      h('button', { type: 'button', class: 'secondary', disabled: !page.next_cursor, onclick: () => { pager.index++; rerender(); } }, 'Older events')));
}

function changes(event) {
  if (!event.before && !event.after) return '—';
  return h('details', {},
    h('summary', {}, 'Show before and after'),
    event.before ? h('div', {}, h('strong', {}, 'Before'), h('pre', {}, JSON.stringify(event.before, null, 2))) : null,
    event.after ? h('div', {}, h('strong', {}, 'After'), h('pre', {}, JSON.stringify(event.after, null, 2))) : null);
}
