// Lint: the project's findings (GET /api/v1/lint, docs/lint.md): world-open administrative ports,
// shadowed and duplicated rules, unbound or empty groups, ports without groups. Read-only.
import { get, query } from './api.js';
import { h, replace, table } from './dom.js';

const severityOrder = { error: 0, warning: 1, info: 2 };

export async function renderLint(main, context) {
  const report = await get(query('/api/v1/lint', { project_id: context.project.id }));
  const findings = [...report.findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  replace(main,
    h('h1', {}, 'Lint'),
    h('p', { class: 'lead' }, 'What is wrong or useless in this project\'s groups, rules and bindings. Each finding has a stable code.'),
    h('p', { class: 'lint-summary', role: 'status' },
      `${report.errors} error(s), ${report.warnings} warning(s), ${report.infos} info(s) at revision ${report.revision}.`),
    table('Findings', ['Code', 'Severity', 'Finding', 'Ports', 'Fix'],
      findings.map(finding => h('tr', {},
        h('td', {}, h('code', {}, finding.code), ' ', finding.name),
        h('td', {}, h('span', { class: `badge severity-${finding.severity}` }, finding.severity)),
        h('td', {}, finding.message),
        h('td', {}, finding.port_ids.join(', ') || '—'),
        h('td', {}, finding.fix))),
      { emptyText: 'No findings: nothing to fix.' }));
}
