import * as assert from 'assert';
import { DefectReferenceMatcher, MAX_SCANNED_CHARS, referencePatternProblem } from '../../src/core/services/impact/defectReferences';
import { parseSettings } from '../../src/core/settings';
import { UNKNOWN, type DefectImpact } from '../../src/core/model/impact';
import { defectHoverMarkdown } from '../../src/editor/defectHoverText';

const refs = (m: DefectReferenceMatcher, line: string) => m.findAll(line).map((r) => r.reference);

describe('defect references', () => {
  describe('Redmine "#123"', () => {
    const redmine = new DefectReferenceMatcher({ trackerKind: 'redmine' });

    it('finds issue numbers in prose, comments and commit messages', () => {
      assert.deepStrictEqual(refs(redmine, 'Fixes #123 and refs #7.'), ['#123', '#7']);
      assert.deepStrictEqual(refs(redmine, '// workaround for (#42), see #43:'), ['#42', '#43']);
      assert.deepStrictEqual(refs(redmine, '#9 at the start of a commit message'), ['#9']);
    });

    it('does not take colour codes, suffixed words, HTML entities or URL fragments for references', () => {
      assert.deepStrictEqual(refs(redmine, 'color: #fff; background: #123abc; border: #1a2b3c'), []);
      assert.deepStrictEqual(refs(redmine, '#123abc #12-beta #12_x'), []);
      assert.deepStrictEqual(refs(redmine, '&#123; and page#12 and https://x.test/#12 and ##12'), []);
    });

    it('returns the reference under the cursor with its columns, and nothing beside it', () => {
      const line = 'see #123 now';
      for (const c of [4, 5, 8]) assert.deepStrictEqual(redmine.findReferenceAt(line, c), { reference: '#123', text: '#123', start: 4, end: 8, source: 'key' });
      assert.strictEqual(redmine.findReferenceAt(line, 2), undefined);
      assert.strictEqual(redmine.findReferenceAt(line, 10), undefined);
      assert.strictEqual(redmine.findReferenceAt(line, 99), undefined);
    });
  });

  describe('demo "LUM-12"', () => {
    const demo = new DefectReferenceMatcher({ trackerKind: 'demo' });

    it('finds demo keys on word boundaries only', () => {
      assert.deepStrictEqual(refs(demo, 'LUM-12, LUM-3 and (LUM-400)'), ['LUM-12', 'LUM-3', 'LUM-400']);
      assert.deepStrictEqual(refs(demo, 'XLUM-12 LUM-12a LUM- #12'), []);
    });
  });

  describe('tracker URLs', () => {
    const m = new DefectReferenceMatcher({ trackerKind: 'redmine', trackerBaseUrls: ['https://redmine.example.com/'] });

    it('matches the tracker\'s /issues/<id> links in either scheme, as one reference', () => {
      const line = 'See https://redmine.example.com/issues/77#note-3 or http://REDMINE.example.com/issues/78';
      assert.deepStrictEqual(refs(m, line), ['https://redmine.example.com/issues/77', 'http://REDMINE.example.com/issues/78']);
      const at = m.findReferenceAt(line, 30)!;
      assert.strictEqual(at.source, 'url');
      assert.strictEqual(line.slice(at.start, at.end), 'https://redmine.example.com/issues/77');
    });

    it('ignores other hosts, other paths and base URLs that are not http(s)', () => {
      assert.deepStrictEqual(refs(m, 'https://evil.example/issues/77 https://redmine.example.com/projects/77 https://redmine.example.com.evil/issues/5'), []);
      const odd = new DefectReferenceMatcher({ trackerKind: 'demo', trackerBaseUrls: ['ftp://x', 'not a url'] });
      assert.strictEqual(odd.patternCount, 1, 'only the demo key pattern');
    });
  });

  describe('user patterns (caselink.defectReferencePatterns)', () => {
    it('adds the workspace\'s own patterns, looked up by their capture group', () => {
      const m = new DefectReferenceMatcher({ trackerKind: 'redmine', userPatterns: ['\\b(PROJ-\\d+)\\b', 'bug\\s+(\\d+)'] });
      assert.deepStrictEqual(refs(m, 'PROJ-12 and bug 77 and #5'), ['PROJ-12', '77', '#5']);
      assert.deepStrictEqual(m.problems, []);
    });

    it('skips invalid patterns with a message naming each, and keeps the valid ones', () => {
      const m = new DefectReferenceMatcher({ trackerKind: 'demo', userPatterns: ['(unclosed', 'PROJ-\\d+', '(a)(b)', '(x*)', '\\b(OK-\\d+)'] });
      assert.strictEqual(m.problems.length, 4);
      assert.match(m.problems[0], /pattern 1 "\(unclosed" is not a valid regular expression/);
      assert.match(m.problems[1], /pattern 2 "PROJ-\\\\d\+" must have exactly one capture group .*\(it has 0\)/);
      assert.match(m.problems[2], /pattern 3 .* \(it has 2\)/);
      assert.match(m.problems[3], /pattern 4 .* matches empty text/);
      assert.deepStrictEqual(refs(m, 'OK-1 LUM-2 PROJ-3'), ['OK-1', 'LUM-2']);
    });

    it('are validated in the settings, naming the bad one, and the others are kept', () => {
      const { settings, issues } = parseSettings((key) => (key === 'defectReferencePatterns' ? ['\\b(PROJ-\\d+)\\b', '([', 42] : undefined));
      assert.deepStrictEqual(settings.defectReferencePatterns, ['\\b(PROJ-\\d+)\\b']);
      assert.strictEqual(issues.length, 2);
      assert.strictEqual(issues[0].setting, 'caselink.defectReferencePatterns[1]');
      assert.match(issues[0].message, /"\(\[" is not a valid regular expression.*skipped/);
      assert.strictEqual(issues[1].setting, 'caselink.defectReferencePatterns[2]');
      const notAList = parseSettings((key) => (key === 'defectReferencePatterns' ? '(x-\\d+)' : undefined));
      assert.deepStrictEqual(notAList.settings.defectReferencePatterns, []);
      assert.match(notAList.issues[0].message, /must be a list/);
    });

    it('defaults: no user patterns, hovers on, CodeLens off', () => {
      const { settings } = parseSettings(() => undefined);
      assert.deepStrictEqual(settings.defectReferencePatterns, []);
      assert.strictEqual(settings.hoversEnabled, true);
      assert.strictEqual(settings.codeLensEnabled, false);
    });

    it('describes what is wrong with a pattern, or nothing when it is fine', () => {
      assert.strictEqual(referencePatternProblem('\\b(PROJ-\\d+)\\b'), undefined);
      assert.match(referencePatternProblem('')!, /non-empty/);
      assert.match(referencePatternProblem('x'.repeat(600))!, /longer than 500/);
    });
  });

  describe('long lines', () => {
    const m = new DefectReferenceMatcher({ trackerKind: 'redmine' });

    it('finds a reference under the cursor deep inside a minified line', () => {
      const line = `${'x'.repeat(300_000)} #55 ${'y'.repeat(300_000)}`;
      const at = m.findReferenceAt(line, 300_002);
      assert.deepStrictEqual(at && { reference: at.reference, start: at.start }, { reference: '#55', start: 300_001 });
    });

    it('scans at most MAX_SCANNED_CHARS of a line for CodeLens, so later references are not seen', () => {
      const line = `${' '.repeat(MAX_SCANNED_CHARS)}#1`;
      assert.deepStrictEqual(refs(m, line), []);
      assert.deepStrictEqual(refs(m, `#2${line}`), ['#2']);
    });
  });
});

describe('defect hover markdown', () => {
  const commands = { openDefect: 'caselink.impact.openDefect', openCases: 'caselink.impact.openCases' };
  const base: DefectImpact = {
    defectId: '12', key: '#12', title: 'Export <b>fails</b> [x](command:workbench.action.terminal.new)', status: 'In Progress', missing: false,
    defect: { trackerId: 'redmine', id: '12', key: '#12', title: 't', status: 'In Progress', stage: 'inProgress', createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-02T00:00:00Z', url: 'https://redmine.example.com/issues/12' },
    cases: 7, openCases: 5, organizations: 3, organizationNames: ['Acme', 'Globex', UNKNOWN], arrKnown: 1_200_000, arrUnknown: 1, tiers: { enterprise: 2, [UNKNOWN]: 1 },
    ageDays: 20, quotes: [{ quote: 'It **still** fails <img src=x onerror=alert(1)> $(alert) [click](command:caselink.impact.openCases?%5B%5D)', ticketRef: 'rt:5', ticketKey: 'RT-5', at: '2026-11-20T10:00:00Z', author: 'Jo' }],
    feedbackRecords: 1, evidenceComments: 2, unparsedBlocks: 1, ticketRefs: ['rt:5', 'rt:6', 'rt:7', 'rt:8', 'rt:9', 'rt:10', 'rt:11'], score: 30,
  };

  it('shows status, cases, organisations, ARR, tiers, the latest quote and our two command links', () => {
    const md = defectHoverMarkdown(base, '#12', commands);
    assert.match(md, /^\$\(bug\) \*\*\\#12\*\* /);
    assert.match(md, /\*In Progress\*/);
    assert.match(md, /7 customer cases \(5 open\) · 3 organisations · \$1\.2M ARR known \(1 organisation without ARR\)/);
    assert.match(md, /Tiers: enterprise 2, unknown 1/);
    assert.match(md, /1 feedback block unparsed/);
    assert.match(md, /\[\$\(link-external\) Open defect\]\(command:caselink\.impact\.openDefect\?%5B%22%2312%22%5D\)/);
    assert.match(md, /\[\$\(go-to-file\) Open 7 cases\]\(command:caselink\.impact\.openCases\?%5B%22%2312%22%5D\)/);
  });

  it('escapes tracker and customer text so it can neither format, run HTML, show icons nor add links', () => {
    const md = defectHoverMarkdown(base, '#12', commands);
    const links = [...md.matchAll(/(?<!\\)\]\((command:[^)]*)\)/g)].map((m) => m[1].split('?')[0]);
    assert.deepStrictEqual(links, ['command:caselink.impact.openDefect', 'command:caselink.impact.openCases'], 'only our links survive');
    assert.ok(md.includes('\\<img src=x onerror=alert\\(1\\)\\>'));
    assert.ok(md.includes('\\$\\(alert\\)'), 'a theme icon in customer text is escaped');
    assert.ok(md.includes('\\*\\*still\\*\\*'));
    assert.ok(!/<b>|<img/.test(md.replace(/\\</g, '')));
  });

  it('says plainly when the defect is missing in the tracker, and offers no link to it', () => {
    const md = defectHoverMarkdown({ ...base, missing: true, defect: undefined, title: 'Deleted or not visible in the tracker', quotes: [], arrKnown: 0, arrUnknown: 2 }, '#12', commands);
    assert.match(md, /Deleted in the tracker, or not visible to this account/);
    assert.match(md, /ARR unknown/);
    assert.ok(!md.includes('openDefect'));
    assert.ok(md.includes('Open 7 cases'));
  });
});
