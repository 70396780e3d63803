import { webUrl } from './fields';

export interface PageHandlers {
  /** Ctrl/Cmd+Enter anywhere in the page. */
  submit(): void;
  /** Focus left a control, the tab was hidden or the page is going away: save the draft now. */
  flush(): void;
  openLink(url: string): void;
}

/**
 * The page-wide listeners: links never navigate the webview (the host opens web addresses after
 * its own checks; in-page links handle themselves and call preventDefault), Ctrl/Cmd+Enter files,
 * and a pending draft save goes out on blur, hide and unload. Returns a function that removes them.
 */
export function listenToPage(root: HTMLElement, handlers: PageHandlers): () => void {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const removers: Array<() => void> = [];
  const listen = (target: EventTarget | null, type: string, fn: (e: Event) => void) => {
    if (!target) return;
    target.addEventListener(type, fn);
    removers.push(() => target.removeEventListener(type, fn));
  };
  listen(root, 'click', (e) => {
    const link = (e.target as Element | null)?.closest?.('a');
    if (!link || !root.contains(link) || e.defaultPrevented) return;
    e.preventDefault();
    const url = webUrl(link.getAttribute('href'));
    if (url) handlers.openLink(url);
  });
  listen(root, 'auxclick', (e) => (e.target as Element | null)?.closest?.('a') && e.preventDefault());
  // On the document: the shortcut works wherever focus is, even on the page itself.
  listen(doc, 'keydown', (e) => {
    const k = e as KeyboardEvent;
    if (k.key === 'Enter' && (k.ctrlKey || k.metaKey)) {
      k.preventDefault();
      handlers.submit();
    }
  });
  listen(root, 'focusout', () => handlers.flush());
  listen(doc, 'visibilitychange', () => doc.visibilityState === 'hidden' && handlers.flush());
  listen(win, 'pagehide', () => handlers.flush());
  return () => {
    for (const remove of removers.splice(0)) remove();
  };
}
