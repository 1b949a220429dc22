// Platform → Quotas: each project's limits (GET /api/v1/quotas/{project}), edited by a platform admin
// (PUT, -1 is unlimited). A limit below current use keeps what exists and refuses more.
import { get, put } from './api.js';
import { announce, field, formDialog, h, replace, table } from './dom.js';
import { byName, check } from './admin.js';

const limits = [
  ['security_groups', 'Security groups'],
  ['rules_per_group', 'Rules per group'],
  ['security_group_rules', 'Rules in all groups'],
  ['groups_per_port', 'Groups per port'],
];

const shown = value => (value === -1 ? 'Unlimited' : String(value));

export async function renderQuotas(main, context) {
  const projects = [...context.projects].sort(byName);
  const quotas = await Promise.all(projects.map(p => get(`/api/v1/quotas/${encodeURIComponent(p.id)}`)));
  const rows = projects.map((project, index) => h('tr', {},
    h('th', { scope: 'row' }, project.name),
    limits.map(([key]) => h('td', { class: 'number' }, shown(quotas[index][key]))),
    h('td', { class: 'actions' }, h('button', {
      type: 'button', class: 'link', 'aria-label': `Edit quotas of ${project.name}`,
      onclick: () => editQuota(project, quotas[index], context),
    }, 'Edit'))));

  replace(main,
    h('h1', {}, 'Quotas'),
    h('p', { class: 'lead' }, 'Limits of each project. A limit below what a project uses keeps what exists and refuses more.'),
    table('Quotas of every project', ['Project', ...limits.map(([, label]) => label), 'Actions'], rows, { emptyText: 'No projects.' }));
}

async function editQuota(project, quota, context) {
  const saved = await formDialog({
    title: `Edit quotas of ${project.name}`,
    submitLabel: 'Save',
    build: form => form.append(h('p', { class: 'hint' }, 'Use -1 for unlimited.'),
      ...limits.map(([key, label]) => field(label, h('input', { name: key, type: 'number', inputmode: 'numeric', min: -1, step: 1, required: true, value: String(quota[key]) })))),
    onSubmit: async form => {
      const body = {};
      const errors = {};
      for (const [key] of limits) {
        const text = form.elements[key].value.trim();
        const value = Number(text);
        if (text === '' || !Number.isInteger(value) || value < -1) errors[key] = ['Enter a whole number, 0 or more, or -1 for unlimited.'];
        else body[key] = value;
      }
      check(errors);
      await put(`/api/v1/quotas/${encodeURIComponent(project.id)}`, body);
      announce(`The quotas of ${project.name} were saved.`);
    },
  });
  if (saved) context.rerender();
}
