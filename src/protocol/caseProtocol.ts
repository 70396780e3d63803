import * as z from 'zod';
import { Defect } from '../core/schemas/defect';
import { HistoryEvent } from '../core/schemas/history';
import { Person, Priority, Ticket, TicketStatus } from '../core/schemas/ticket';

/**
 * Messages between the case panel's host (extension) and its webview. Both directions are zod
 * schemas: the host validates everything the webview sends (a webview is untrusted: it renders
 * customer-written content), and the webview validates what it receives. Host -> webview pushes
 * are whole snapshots; requests carry a requestId that the result echoes.
 */

export const DraftKind = z.enum(['reply', 'note']);
export type DraftKind = z.infer<typeof DraftKind>;

/** Drafts per ticket: what the user typed and has not sent yet. */
export const Drafts = z.object({
  reply: z.string(),
  note: z.string(),
  /** Which composer was in use. */
  mode: DraftKind,
});
export type Drafts = z.infer<typeof Drafts>;

export const LinkedDefectView = z.object({
  defectId: z.string(),
  /** Absent when the tracker could not return it (deleted, refused): `problem` says why. */
  defect: Defect.optional(),
  /** Tickets linked to this defect, this one included. */
  linkedTickets: z.number().int().nonnegative(),
  problem: z.string().optional(),
});
export type LinkedDefectView = z.infer<typeof LinkedDefectView>;

const Loadable = <T extends z.ZodType>(item: T) =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('loading') }),
    z.object({ state: z.literal('loaded'), value: item }),
    z.object({ state: z.literal('error'), message: z.string() }),
  ]);

export const CaseSnapshot = z.object({
  /** The ticket, or why it could not be loaded (the panel still shows what it can). */
  ticket: Loadable(Ticket),
  history: Loadable(z.array(HistoryEvent)),
  defects: Loadable(z.array(LinkedDefectView)),
  /** Where to open the history: the first event the user has not seen, else the newest. */
  firstUnreadEventId: z.string().optional(),
  /** Notes on things shown in a degraded way ("2 history entries of an unknown type"). */
  notices: z.array(z.string()),
  connectionLabel: z.string(),
  trackerLabel: z.string(),
  /** ISO time the snapshot was made, for "due in" and ages. */
  now: z.string(),
  options: z.object({
    statuses: z.array(TicketStatus),
    priorities: z.array(Priority),
  }),
  allowRemoteImages: z.boolean(),
  /** Request ids the host is still working on (buttons stay disabled). */
  busy: z.array(z.string()),
});
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;

export const HostMessage = z.discriminatedUnion('type', [
  /** `ticketId` goes into the webview's state, which VS Code hands back to restore the tab after a reload. */
  z.object({ type: z.literal('init'), drafts: Drafts, ticketId: z.string().optional() }),
  z.object({ type: z.literal('snapshot'), snapshot: CaseSnapshot }),
  z.object({
    type: z.literal('result'),
    requestId: z.string(),
    ok: z.boolean(),
    /** Shown next to the action when it failed; the draft is kept. */
    message: z.string().optional(),
    /** After a successful send, the composer that was sent is cleared. */
    clearDraft: DraftKind.optional(),
  }),
  /** From keybindings and commands: put the caret in a composer. */
  z.object({ type: z.literal('focus'), target: DraftKind }),
]);
export type HostMessage = z.infer<typeof HostMessage>;

const requestId = z.string().min(1).max(100);
const text = z.string().max(100_000);

/** The longest selection kept as a quote: the Evidence schema's limit for one quote. */
export const SELECTION_MAX = 4_000;

/**
 * Text the user selected inside one history entry's body, for "File Product Feedback" to quote.
 * The webview trims and caps it; the host checks the entry is a message of the case.
 */
export const CaseSelection = z.object({
  eventId: z.string().min(1).max(200),
  text: z.string().trim().min(1).max(SELECTION_MAX),
});
export type CaseSelection = z.infer<typeof CaseSelection>;

export const WebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('saveDraft'), drafts: Drafts.extend({ reply: text, note: text }) }),
  z.object({ type: z.literal('send'), requestId, kind: DraftKind, text: text.min(1) }),
  z.object({ type: z.literal('setStatus'), requestId, status: TicketStatus }),
  z.object({ type: z.literal('setPriority'), requestId, priority: Priority }),
  z.object({ type: z.literal('pickAssignee'), requestId }),
  z.object({ type: z.literal('addTag'), requestId }),
  z.object({ type: z.literal('removeTag'), requestId, tag: z.string().min(1).max(200) }),
  z.object({ type: z.literal('linkDefect'), requestId }),
  z.object({ type: z.literal('unlinkDefect'), requestId, defectId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('openLink'), url: z.string().max(8_000) }),
  z.object({ type: z.literal('openDefect'), defectId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('openTicketInHelpdesk') }),
  z.object({ type: z.literal('allowRemoteImages') }),
  z.object({ type: z.literal('refresh') }),
  /** The current selection (debounced), or null when nothing inside one entry is selected. */
  z.object({ type: z.literal('selection'), selection: CaseSelection.nullable() }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;

/** What the webview keeps with setState, and VS Code gives back to restore the tab after a reload. */
export const PanelState = z.object({ ticketId: z.string().min(1) }).loose();
export type PanelState = z.infer<typeof PanelState>;
