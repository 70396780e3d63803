import type { CustomerQuote, ImpactReport } from '../../core/model/impact';
import { DefectNode, ImpactMessageNode, QuoteNode, type ImpactNode } from './impactNodes';
import { ImpactTreeBase } from './impactTreeBase';

export const DEFECTS_VIEW_ID = 'caselink.customerDefects';

/**
 * Customer-reported defects: the defects linked from tickets, most customer impact first (the
 * report's order) → their tickets (opening the case) → what each customer said. Defects the tracker
 * no longer returns stay in the list with a warning; unreadable feedback blocks are counted.
 */
export class DefectsTreeProvider extends ImpactTreeBase {
  #quotesOf: { report: ImpactReport; byDefect: Map<string, Map<string, CustomerQuote[]>> } | undefined;

  protected roots(report: ImpactReport): ImpactNode[] {
    const notes: ImpactNode[] = [];
    const unparsed = report.feedback.unparsed;
    if (unparsed > 0) {
      notes.push(new ImpactMessageNode(
        'unparsed',
        `${unparsed} feedback block${unparsed === 1 ? '' : 's'} unparsed`,
        'warning',
        `Caselink's machine-readable block in ${unparsed === 1 ? 'one record or comment' : `${unparsed} records or comments`} could not be read (missing, corrupt JSON or a newer format)${report.feedback.unparsedDefects.length ? ` on ${report.feedback.unparsedDefects.join(', ')}` : ''}. Their defects are still listed from their links.`,
      ));
    }
    if (!report.defects.length) return notes;
    return [...notes, ...this.page('impact:defects', report.defects, (d) => new DefectNode(d, 'impact:defects', true))];
  }

  protected children(node: ImpactNode, report: ImpactReport): ImpactNode[] {
    if (node.kind === 'defect') {
      const current = report.defects.find((d) => d.defectId === node.defect.defectId) ?? node.defect;
      return this.ticketPage(node.id, current.ticketRefs, report, this.#quotes(report, current.defectId));
    }
    if (node.kind === 'ticket') return node.quotes.map((q, i) => new QuoteNode(q, node.id, i));
    return [];
  }

  /** A defect's quotes by ticket ref, newest first (the report's order), computed once per report. */
  #quotes(report: ImpactReport, defectId: string): Map<string, CustomerQuote[]> {
    if (this.#quotesOf?.report !== report) this.#quotesOf = { report, byDefect: new Map() };
    let byTicket = this.#quotesOf.byDefect.get(defectId);
    if (!byTicket) {
      byTicket = new Map();
      for (const q of report.defects.find((d) => d.defectId === defectId)?.quotes ?? []) {
        const list = byTicket.get(q.ticketRef);
        if (list) list.push(q);
        else byTicket.set(q.ticketRef, [q]);
      }
      this.#quotesOf.byDefect.set(defectId, byTicket);
    }
    return byTicket;
  }
}
