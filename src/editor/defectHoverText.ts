import type { DefectImpact } from '../core/model/impact';
import { escapeMarkdown, formatArr, formatCount as n, oneLine, plural } from '../views/impact/impactFormat';

/*
 * The markdown of a defect hover, apart from vscode so the benchmark times exactly what the hover
 * builds. Everything from the tracker or a customer is escaped: the hover's MarkdownString trusts
 * only our two command links, never text.
 */

export interface HoverCommands {
  readonly openDefect: string;
  readonly openCases: string;
}

/** `command:` URI with JSON arguments, the form VS Code's trusted markdown expects. */
export function commandUri(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** The hover for a defect found by `reference` (the text the user hovered, passed back to the commands). */
export function defectHoverMarkdown(d: DefectImpact, reference: string, commands: HoverCommands): string {
  const lines: string[] = [];
  lines.push(`$(bug) **${escapeMarkdown(d.key)}** ${escapeMarkdown(d.title)}${d.missing ? '' : ` · *${escapeMarkdown(d.status)}*`}`);
  if (d.missing) lines.push('$(warning) Deleted in the tracker, or not visible to this account: its links from tickets are still counted.');
  const arrText = d.arrKnown > 0 ? `${formatArr(d.arrKnown)} ARR known${d.arrUnknown ? ` (${plural(d.arrUnknown, 'organisation')} without ARR)` : ''}` : d.arrUnknown ? 'ARR unknown' : 'no ARR';
  lines.push(`${plural(d.cases, 'customer case')} (${n(d.openCases)} open) · ${plural(d.organizations, 'organisation')} · ${arrText}`);
  const tiers = Object.entries(d.tiers).filter(([, count]) => count);
  if (tiers.length) lines.push(`Tiers: ${tiers.map(([tier, count]) => `${escapeMarkdown(tier)} ${n(count ?? 0)}`).join(', ')}`);
  if (d.organizationNames.length) {
    const shown = d.organizationNames.slice(0, 5).map(escapeMarkdown).join(', ');
    lines.push(`$(organization) ${shown}${d.organizationNames.length > 5 ? ` and ${n(d.organizationNames.length - 5)} more` : ''}`);
  }
  if (d.unparsedBlocks) lines.push(`$(warning) ${plural(d.unparsedBlocks, 'feedback block')} unparsed`);
  const quote = d.quotes[0];
  if (quote) lines.push(`> ${escapeMarkdown(oneLine(quote.quote, 280))}\n>\n> — ${escapeMarkdown(quote.ticketKey)}${quote.author ? `, ${escapeMarkdown(quote.author)}` : ''}, ${escapeMarkdown(quote.at.slice(0, 10))}`);
  const links: string[] = [];
  if (!d.missing && d.defect?.url && /^https?:\/\//i.test(d.defect.url)) links.push(`[$(link-external) Open defect](${commandUri(commands.openDefect, [reference])})`);
  if (d.ticketRefs.length) links.push(`[$(go-to-file) Open ${d.ticketRefs.length === 1 ? 'the case' : `${n(d.ticketRefs.length)} cases`}](${commandUri(commands.openCases, [reference])})`);
  if (links.length) lines.push(links.join(' · '));
  return lines.join('\n\n');
}
