import DOMPurify from 'dompurify';
import type { Config } from 'dompurify';
import MarkdownIt from 'markdown-it';

/**
 * Turns customer-written bodies (untrusted) into DOM that cannot run code, navigate the webview,
 * load remote content the user did not allow, or dress up as Caselink's own UI. Pure apart from the
 * window it is given, so unit tests run it on a jsdom window.
 */

export interface SanitizeOptions {
  /** Whether http(s) images may load; when false they become "[remote image blocked: host]". */
  readonly allowRemoteImages: boolean;
}

export interface SanitizedBody {
  readonly fragment: DocumentFragment;
  /** Remote images replaced by a placeholder. */
  readonly blockedImages: number;
  /** Remote images found, blocked or not (the entry must re-render when the permission changes). */
  readonly remoteImages: number;
}

export interface Sanitizer {
  /** An HTML body (format 'html'). */
  html(body: string, options: SanitizeOptions): SanitizedBody;
  /** A markdown body: markdown-it with raw HTML off, then the same sanitising as HTML. */
  markdown(body: string, options: SanitizeOptions): SanitizedBody;
  /** A plain-text body: text nodes only, with bare URLs made into links. */
  text(body: string): SanitizedBody;
}

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL a link may open, or undefined. Parsed the way the browser would (entities are already
 * decoded by the HTML parser; the URL parser drops tabs and newlines and lower-cases the scheme),
 * so `JaVa&#x09;script:` and friends are judged by what they really are.
 */
export function safeLinkUrl(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return undefined;
  return url.href.length <= 8_000 ? url.href : undefined;
}

/**
 * Elements that never survive, on top of DOMPurify's defaults and its HTML-only profile (which
 * already drop script, svg and math): anything that submits, embeds, styles, redirects or plays.
 */
const FORBID_TAGS = [
  'style', 'link', 'meta', 'base', 'title', 'template', 'noscript',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup', 'fieldset', 'legend', 'label', 'output', 'datalist',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal',
  'svg', 'math', 'audio', 'video', 'source', 'track', 'picture', 'canvas', 'dialog', 'marquee',
];

/**
 * Attributes that never survive. `class`, `id`, `role` and ARIA are dropped too: a customer must
 * not be able to style a paragraph as an "Internal note" badge, clobber the panel's ids, or speak
 * through the panel's live regions.
 */
const FORBID_ATTR = [
  'style', 'class', 'id', 'name', 'role', 'tabindex', 'accesskey', 'autofocus', 'contenteditable', 'draggable',
  'srcset', 'sizes', 'action', 'formaction', 'background', 'ping', 'poster', 'target', 'form', 'for', 'slot', 'is',
];

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // href/src must be http(s) or mailto; DOMPurify separately lets data: through on <img src>.
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  WHOLE_DOCUMENT: false,
  RETURN_DOM_FRAGMENT: true,
};

const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);/i;
const REMOTE = /^https?:/i;

export function createSanitizer(win: Window): Sanitizer {
  const purify = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
  // Parsed once: passing the config to every sanitize() call re-parses it per history entry.
  purify.setConfig(CONFIG);
  const doc = win.document;
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

  function sanitizeHtml(html: string, options: SanitizeOptions): SanitizedBody {
    const fragment = purify.sanitize(html) as unknown as DocumentFragment;
    let blockedImages = 0;
    let remoteImages = 0;
    for (const img of Array.from(fragment.querySelectorAll('img'))) {
      const src = (img.getAttribute('src') ?? '').trim();
      const alt = img.getAttribute('alt') ?? '';
      if (DATA_IMAGE.test(src)) {
        img.setAttribute('loading', 'lazy');
      } else if (REMOTE.test(src)) {
        remoteImages++;
        if (options.allowRemoteImages && /^https:/i.test(src)) {
          img.setAttribute('loading', 'lazy');
          img.setAttribute('referrerpolicy', 'no-referrer');
        } else if (options.allowRemoteImages) {
          // The CSP lets only https images in, even when remote images are allowed.
          img.replaceWith(placeholder(`[insecure image not loaded: ${hostOf(src)}${alt ? ` — ${alt}` : ''}]`));
        } else {
          blockedImages++;
          img.replaceWith(placeholder(`[remote image blocked: ${hostOf(src)}${alt ? ` — ${alt}` : ''}]`));
        }
      } else {
        // cid:, relative, file: or dropped by DOMPurify: nothing the webview can or should load.
        img.replaceWith(placeholder(alt ? `[image not shown: ${alt}]` : '[image not shown]'));
      }
    }
    for (const a of Array.from(fragment.querySelectorAll('a'))) {
      const url = safeLinkUrl(a.getAttribute('href'));
      if (url) {
        a.setAttribute('href', url);
        // Show where a link really goes: link text in emails is often not the target.
        a.setAttribute('title', url);
        a.setAttribute('rel', 'noopener noreferrer nofollow');
      } else {
        a.removeAttribute('href');
      }
    }
    return { fragment, blockedImages, remoteImages };
  }

  function placeholder(text: string): HTMLElement {
    const span = doc.createElement('span');
    span.className = 'blocked-image';
    span.textContent = text;
    return span;
  }

  return {
    html: sanitizeHtml,
    markdown(body, options) {
      return sanitizeHtml(md.render(body), options);
    },
    text(body) {
      const fragment = doc.createDocumentFragment();
      let last = 0;
      for (const match of md.linkify.match(body) ?? []) {
        const url = safeLinkUrl(match.url);
        if (!url) continue;
        if (match.index > last) fragment.appendChild(doc.createTextNode(body.slice(last, match.index)));
        const a = doc.createElement('a');
        a.setAttribute('href', url);
        a.setAttribute('title', url);
        a.textContent = match.text;
        fragment.appendChild(a);
        last = match.lastIndex;
      }
      if (last < body.length) fragment.appendChild(doc.createTextNode(body.slice(last)));
      return { fragment, blockedImages: 0, remoteImages: 0 };
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'unknown host';
  } catch {
    return 'unknown host';
  }
}
