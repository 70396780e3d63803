import type { DefectImpact, GroupImpact, ImpactReport } from '../../core/model/impact';
import { DefectNode, ImpactGroupNode, SectionNode, type ImpactNode } from './impactNodes';
import { ImpactTreeBase } from './impactTreeBase';

export const TAGS_VIEW_ID = 'caselink.tags';

/**
 * Tags & Areas: two sections (tags, product areas) → each tag or area with its open and new tickets
 * and trend → the defects its tickets link to, then its tickets. Tickets without a tag or area are
 * the "unknown" group, never left out.
 */
export class TagsTreeProvider extends ImpactTreeBase {
  #defectsOf: { report: ImpactReport; byId: Map<string, DefectImpact> } | undefined;

  protected roots(report: ImpactReport): ImpactNode[] {
    return [new SectionNode('tags', report.tags.length), new SectionNode('areas', report.areas.length)];
  }

  protected children(node: ImpactNode, report: ImpactReport): ImpactNode[] {
    if (node.kind === 'section') {
      const groups: readonly GroupImpact[] = node.section === 'tags' ? report.tags : report.areas;
      return this.page(node.id, groups, (g) => new ImpactGroupNode(node.section, g));
    }
    if (node.kind !== 'group') return [];
    // Re-read the group from the current report: the node may be from before a refresh.
    const list = node.section === 'tags' ? report.tags : report.areas;
    const group = list.find((g) => g.name === node.group.name);
    if (!group) return [];
    const byId = this.#defectIndex(report);
    const defects = group.defectIds.map((id) => byId.get(id)).filter((d): d is DefectImpact => !!d);
    return [...defects.map((d) => new DefectNode(d, node.id, false)), ...this.ticketPage(node.id, group.ticketRefs, report)];
  }

  #defectIndex(report: ImpactReport): Map<string, DefectImpact> {
    if (this.#defectsOf?.report !== report) this.#defectsOf = { report, byId: new Map(report.defects.map((d) => [d.defectId, d])) };
    return this.#defectsOf.byId;
  }
}
