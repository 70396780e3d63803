import { type CaseSelection, SELECTION_MAX } from '../../protocol/caseProtocol';

/** Quiet time after the last selection change before the host is told (a drag fires dozens). */
const SELECTION_DELAY_MS = 150;

function elementOf(node: Node | null): Element | null {
  if (!node) return null;
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

function bodyOf(node: Node | null): HTMLElement | null {
  return elementOf(node)?.closest<HTMLElement>('.entry-body') ?? null;
}

/** Spaces as one, lines trimmed, at most one empty line in a row: how the words read, not how they were laid out. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * What is selected inside one history entry's body, with that entry's event id (its `data-id`).
 * A selection that starts or ends outside the body (a triple click, a drag past the end) is cut to
 * the body; one that spans two entries' bodies is no quote, so null. Capped at the Evidence limit.
 */
export function selectionInEntry(doc: Document): CaseSelection | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const startBody = bodyOf(range.startContainer);
  const endBody = bodyOf(range.endContainer);
  const body = startBody ?? endBody;
  if (!body || (startBody && endBody && startBody !== endBody)) return null;
  const eventId = body.closest<HTMLElement>('li.entry[data-id]')?.dataset.id;
  if (!eventId) return null;
  let raw: string;
  if (startBody === endBody) {
    // The selection's own text keeps the line breaks between paragraphs.
    raw = selection.toString();
  } else {
    const clipped = range.cloneRange();
    if (!startBody) clipped.setStart(body, 0);
    else clipped.setEnd(body, body.childNodes.length);
    raw = clipped.toString();
  }
  const text = tidy(raw);
  if (!text) return null;
  return { eventId, text: text.length > SELECTION_MAX ? `${text.slice(0, SELECTION_MAX - 1)}…` : text };
}

/**
 * Tells the host what is selected in the history, so "File Product Feedback" (the tab's button, its
 * keybinding, the context menu) can quote it: debounced, only when it changed, and at once before a
 * context menu or a keyboard shortcut, which may run the command straight away.
 */
export class SelectionReporter {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last = 'null';
  readonly #disposers: Array<() => void> = [];

  constructor(
    private readonly doc: Document,
    private readonly report: (selection: CaseSelection | null) => void,
    private readonly delayMs = SELECTION_DELAY_MS,
  ) {
    const listen = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.#disposers.push(() => target.removeEventListener(type, fn));
    };
    listen(doc, 'selectionchange', () => this.#schedule());
    listen(doc, 'contextmenu', () => this.flush());
    listen(doc, 'keydown', (e) => {
      const k = e as KeyboardEvent;
      if (k.ctrlKey || k.metaKey || k.altKey) this.flush();
    });
  }

  /** Reports the current selection now, if it changed since the last report. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const current = selectionInEntry(this.doc);
    const key = JSON.stringify(current);
    if (key === this.#last) return;
    this.#last = key;
    this.report(current);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const d of this.#disposers.splice(0)) d();
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.delayMs);
  }
}
