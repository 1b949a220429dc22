// One application security group seen from a Cloud Foundry space: whether it is globally enabled,
// how it reaches this space's running and staging apps, and its rules as Cloud Foundry shows them.
// Read-only: ASGs are changed by platform admins (CAPI v3 security groups).
import { h, replace } from './dom.js';
import { asgView, cfRulesTable, lifecycles, spaceGroups } from './space.js';

export async function renderAsg(main, context) {
  const [view, applied] = await Promise.all([asgView(context.id), spaceGroups(context.project.id)]);
  const globally = view.globally_enabled ?? { running: false, staging: false };
  const reach = lifecycles.map(([lifecycle, title]) => {
    const how = applied[lifecycle].get(view.guid);
    const text = !how ? 'Does not apply' : [how.space ? 'bound to this space' : null, how.global ? 'globally enabled' : null].filter(Boolean).join(' and ');
    return h('div', {}, h('dt', {}, title), h('dd', {}, text.charAt(0).toUpperCase() + text.slice(1)));
  });

  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: context.href('groups') }, 'Security groups'), ' › ', view.name),
    h('h1', {}, `Application security group ${view.name}`),
    h('p', { class: 'lead' }, view.native
      ? 'A security group bound to this space through the native API; its rules are shown one per stored rule.'
      : `Globally enabled for running apps: ${globally.running ? 'yes' : 'no'} · for staging apps: ${globally.staging ? 'yes' : 'no'}`),
    h('p', { class: 'note', role: 'note' }, 'ASGs are managed by the platform admins: this page only shows them.'),
    h('section', { 'aria-labelledby': 'reach-title', class: 'card' },
      h('h2', { id: 'reach-title' }, `In space ${context.project.name}`),
      h('dl', { class: 'facts' }, reach)),
    h('section', { 'aria-labelledby': 'asg-rules-title' },
      h('h2', { id: 'asg-rules-title' }, 'Rules'),
      h('p', {}, 'Each rule allows outbound traffic from the apps to its destinations.'),
      cfRulesTable(`Rules of ${view.name}`, view.rules)));
}
