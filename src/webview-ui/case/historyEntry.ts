import type { Attachment, HistoryEvent } from '../../core/model/history';
import type { Dom } from './dom';
import { absoluteTime, changeValue, fileSize, relativeTime } from './format';
import type { SanitizedBody, Sanitizer } from './sanitize';

type MessageEvent = Extract<HistoryEvent, { kind: 'message' }>;
type ChangeEvent = Extract<HistoryEvent, { kind: 'change' }>;

export interface RenderedEntry {
  readonly el: HTMLLIElement;
  readonly time: HTMLTimeElement;
  /** The accessible name without its age: "Customer message from Ana Ruiz". */
  readonly label: string;
  readonly at: number;
  /** Remote images replaced by a placeholder in the body. */
  blockedImages: number;
  /** Remote images in the body, blocked or not (the entry must re-render when the permission changes). */
  remoteImages: number;
  /** The permission the body was rendered with. */
  allowRemoteImages: boolean;
  /**
   * Renders the message body (the expensive part: sanitising), until then the body is empty and
   * aria-busy. Undefined once done, and for entries without a body.
   */
  fill: ((allowRemoteImages: boolean) => void) | undefined;
}

export interface EntryOptions {
  readonly now: number;
}

/** One history entry as a list item whose accessible name says what it is, who and when; a message's body comes with `fill`. */
export function renderEntry(dom: Dom, sanitizer: Sanitizer, event: HistoryEvent, options: EntryOptions): RenderedEntry {
  const at = Date.parse(event.at);
  const time = dom.el('time', { datetime: event.at, title: absoluteTime(at) }, relativeTime(at, options.now));
  if (event.kind === 'message') return message(dom, sanitizer, event, time, at);
  const author = event.author?.name;
  const label = event.kind === 'change' ? changeText(event) : `${event.description}${author ? ` (${author})` : ''}`;
  const unreadable = event.kind === 'other' && event.unreadable === true;
  const el = dom.el(
    'li',
    { class: `entry compact ${event.kind}${unreadable ? ' unreadable' : ''}`, 'data-id': event.id },
    dom.icon(event.kind === 'change' ? changeIcon(event.field) : unreadable ? 'warning' : 'info', 'entry-icon'),
    dom.el('span', { class: 'compact-text' }, label),
    time,
  );
  el.setAttribute('aria-label', `${label}, ${time.textContent}`);
  return { el, time, label, at, blockedImages: 0, remoteImages: 0, allowRemoteImages: false, fill: undefined };
}

/** Updates an entry's age ("3 hours ago") for a newer snapshot time. */
export function refreshAge(entry: RenderedEntry, now: number): void {
  const text = relativeTime(entry.at, now);
  if (entry.time.textContent === text) return;
  entry.time.textContent = text;
  entry.el.setAttribute('aria-label', `${entry.label}, ${text}`);
}

function message(dom: Dom, sanitizer: Sanitizer, event: MessageEvent, time: HTMLTimeElement, at: number): RenderedEntry {
  const internal = event.visibility === 'internal';
  const kind = internal ? 'Internal note' : event.authorRole === 'customer' ? 'Customer message' : event.authorRole === 'system' ? 'System message' : 'Public reply';
  const icon = internal ? 'lock' : event.authorRole === 'customer' ? 'mail' : event.authorRole === 'system' ? 'info' : 'globe';
  const author = event.author?.name || (event.authorRole === 'customer' ? 'the requester' : event.authorRole === 'system' ? 'the system' : 'an agent');
  const label = `${kind} from ${author}`;

  const bodyEl = dom.el('div', { class: `entry-body body-${event.format}`, 'aria-busy': 'true' });
  const el = dom.el(
    'li',
    {
      class: `entry message ${internal ? 'internal' : 'public'} role-${event.authorRole}`,
      'data-id': event.id,
      // VS Code's context menu in a message offers "File Product Feedback with Selection" (webviewSection).
      'data-vscode-context': '{"webviewSection":"historyEntry"}',
    },
    dom.el(
      'div',
      { class: 'entry-head' },
      dom.el('span', { class: `kind-badge ${internal ? 'internal' : 'public'}` }, dom.icon(icon), ` ${kind}`),
      dom.el('span', { class: 'author', title: event.author?.email }, event.author?.name || author),
      time,
    ),
    bodyEl,
    event.attachments.length ? attachments(dom, event.attachments) : null,
  );
  el.setAttribute('aria-label', `${label}, ${time.textContent}`);
  const entry: RenderedEntry = {
    el,
    time,
    label,
    at,
    blockedImages: 0,
    remoteImages: 0,
    allowRemoteImages: false,
    fill: (allowRemoteImages) => {
      const body = renderBody(sanitizer, event, allowRemoteImages);
      bodyEl.replaceChildren(body.fragment);
      bodyEl.removeAttribute('aria-busy');
      entry.blockedImages = body.blockedImages;
      entry.remoteImages = body.remoteImages;
      entry.allowRemoteImages = allowRemoteImages;
      entry.fill = undefined;
    },
  };
  return entry;
}

function renderBody(sanitizer: Sanitizer, event: MessageEvent, allowRemoteImages: boolean): SanitizedBody {
  switch (event.format) {
    case 'html':
      return sanitizer.html(event.body, { allowRemoteImages });
    case 'markdown':
      return sanitizer.markdown(event.body, { allowRemoteImages });
    default:
      return sanitizer.text(event.body);
  }
}

function attachments(dom: Dom, list: readonly Attachment[]): HTMLElement {
  return dom.el(
    'ul',
    { class: 'attachments', 'aria-label': `${list.length} attachment${list.length === 1 ? '' : 's'}` },
    ...list.map((a) => {
      const size = dom.el('span', { class: 'size' }, ` (${fileSize(a.size)})`);
      const content = [dom.icon('file'), ` ${a.name || 'Unnamed attachment'}`, size];
      return dom.el(
        'li',
        null,
        a.url
          ? dom.el('button', { class: 'attachment link-button', 'data-action': 'openAttachment', 'data-url': a.url, title: a.contentType ? `${a.name} (${a.contentType})` : a.name }, ...content)
          : dom.el('span', { class: 'attachment', title: 'No download link' }, ...content),
      );
    }),
  );
}

function changeText(e: ChangeEvent): string {
  const who = e.author?.name ?? 'Someone';
  const field = e.field;
  const from = e.from ? changeValue(field, e.from) : undefined;
  const to = e.to ? changeValue(field, e.to) : undefined;
  if (from && to) return `${who} changed ${field} from ${from} to ${to}`;
  if (to) return `${who} set ${field} to ${to}`;
  if (from) return `${who} cleared ${field} (was ${from})`;
  return `${who} changed ${field}`;
}

function changeIcon(field: string): string {
  switch (field.toLowerCase()) {
    case 'assignee':
    case 'group':
      return 'person';
    case 'tags':
    case 'tag':
      return 'tag';
    case 'priority':
      return 'flame';
    case 'status':
      return 'circle-large-outline';
    default:
      return 'edit';
  }
}
