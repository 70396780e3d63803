import type { Defect } from '../../core/model/defect';
import type { LinkedDefectView } from '../../protocol/caseProtocol';
import { type RenderContext, controlError, controlProps } from './context';
import { plural, priorityLabel, stageLabel } from './format';
import { errorBanner } from './header';
import { Control } from './requests';

/** "Linked defects": loading, error, empty and loaded states are all explicit, never blank. */
export function renderDefects(ctx: RenderContext): HTMLElement {
  const { dom, snapshot } = ctx;
  const defects = snapshot.defects;
  const count = defects.state === 'loaded' ? dom.el('span', { class: 'count badge' }, String(defects.value.length)) : null;
  const section = dom.el(
    'section',
    { class: 'side-section defects', 'aria-labelledby': 'defects-heading' },
    dom.el(
      'div',
      { class: 'section-head' },
      dom.el('h2', { id: 'defects-heading' }, 'Linked defects ', count),
      dom.el('button', { class: 'secondary compact', 'data-action': 'linkDefect', ...controlProps(ctx, Control.linkDefect) }, dom.icon('link'), ' Link defect…'),
    ),
    controlError(ctx, Control.linkDefect),
  );
  if (snapshot.trackerLabel) dom.append(section, [dom.el('p', { class: 'muted tracker' }, `In ${snapshot.trackerLabel}`)]);

  if (defects.state === 'loading') {
    section.setAttribute('aria-busy', 'true');
    dom.append(section, [dom.el('p', { class: 'loading', role: 'status' }, dom.icon('loading', 'codicon-modifier-spin'), ' Loading linked defects…')]);
  } else if (defects.state === 'error') {
    dom.append(section, [errorBanner(ctx, `Linked defects could not be loaded: ${defects.message}`)]);
  } else if (!defects.value.length) {
    dom.append(section, [dom.el('p', { class: 'muted' }, 'No linked defects.')]);
  } else {
    dom.append(section, [dom.el('ul', { class: 'defect-list', 'aria-labelledby': 'defects-heading' }, ...defects.value.map((d) => renderDefect(ctx, d)))]);
  }
  return section;
}

function renderDefect(ctx: RenderContext, view: LinkedDefectView): HTMLElement {
  const { dom } = ctx;
  const d = view.defect;
  const name = d?.key ?? view.defectId;
  const unlink = dom.el(
    'button',
    { class: 'icon-button', 'data-action': 'unlinkDefect', 'data-defect': view.defectId, 'aria-label': `Unlink ${name}`, title: `Unlink ${name}`, ...controlProps(ctx, Control.unlink(view.defectId), Control.linkDefect) },
    dom.icon('debug-disconnect'),
  );
  if (!d) {
    return dom.el(
      'li',
      { class: 'defect defect-problem' },
      dom.el('div', { class: 'defect-head' }, dom.el('span', { class: 'defect-key' }, name), unlink),
      dom.el('p', { class: 'problem' }, dom.icon('warning'), ` ${view.problem ?? 'The tracker did not return this defect.'}`),
      controlError(ctx, Control.unlink(view.defectId)),
    );
  }
  const others = Math.max(0, view.linkedTickets - 1);
  return dom.el(
    'li',
    { class: `defect stage-${d.stage}` },
    dom.el(
      'div',
      { class: 'defect-head' },
      dom.el('button', { class: 'link-button defect-key', 'data-action': 'openDefect', 'data-defect': view.defectId, 'data-focus': `open:${view.defectId}`, title: `Open ${d.key}` }, d.key),
      unlink,
    ),
    dom.el('p', { class: 'defect-title' }, d.title),
    dom.el('p', { class: 'defect-meta' }, ...meta(ctx, d, others)),
    view.problem ? dom.el('p', { class: 'problem' }, dom.icon('warning'), ` ${view.problem}`) : null,
    controlError(ctx, Control.unlink(view.defectId)),
  );
}

function meta(ctx: RenderContext, d: Defect, others: number): HTMLElement[] {
  const { dom } = ctx;
  const parts = [
    dom.el('span', { class: `badge stage stage-${d.stage}`, title: stageLabel(d.stage) }, d.status || stageLabel(d.stage)),
    d.priority ? dom.el('span', null, `${priorityLabel(d.priority)} priority`) : null,
    dom.el('span', null, d.assignee ? d.assignee.name : 'Unassigned'),
    dom.el('span', { class: others ? 'others' : 'muted' }, others ? plural(others, 'other ticket', 'other tickets') : 'No other tickets'),
  ];
  return parts.filter((p): p is HTMLSpanElement => p !== null);
}
