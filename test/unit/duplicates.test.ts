import * as assert from 'assert';
import type { Defect, DefectStage } from '../../src/core/model/defect';
import { buildSearchText, DuplicateFinder, searchTerms, type DuplicateQuery } from '../../src/core/services/duplicates';

const STATUS: Record<DefectStage, string> = { open: 'New', inProgress: 'In Progress', done: 'Resolved' };

function aDefect(id: string, title: string, productArea?: string, stage: DefectStage = 'open', overrides: Partial<Defect> = {}): Defect {
  return {
    trackerId: 'test',
    id,
    key: `#${id}`,
    title,
    status: STATUS[stage],
    stage,
    productArea,
    createdAt: '2026-10-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

const BILLING = 'Billing';
const SSO = 'SSO & login';
const REPORTS = 'Reports';
const API = 'API & webhooks';
const MOBILE = 'Mobile app';
const IMPORT = 'Import/export';

/** 60 defects across six product areas, with near neighbours in every area. [id, title, area, stage] */
const DEFECTS: Array<[string, string, string, DefectStage?]> = [
  ['B1', 'Invoice PDF shows wrong VAT rate for EU customers', BILLING],
  ['B2', 'Invoice PDF download fails with 500 error', BILLING],
  ['B3', 'Credit card payment declined when the billing address has an umlaut', BILLING, 'inProgress'],
  ['B4', 'Proration is calculated twice when upgrading plan mid-cycle', BILLING],
  ['B5', 'Duplicate charge after retrying a failed payment', BILLING, 'done'],
  ['B6', 'Annual plan renewal email sent 30 days too late', BILLING],
  ['B7', 'Coupon code not applied to add-on seats', BILLING],
  ['B8', 'Currency shown as USD on invoices for GBP accounts', BILLING, 'done'],
  ['B9', 'Tax ID field rejects valid Norwegian organisation numbers', BILLING],
  ['B10', 'Refund does not appear in the billing history', BILLING],
  ['S1', 'SAML login loops back to the sign-in page in Safari', SSO],
  ['S2', "Okta SSO fails when the user's email contains uppercase letters", SSO],
  ['S3', 'Password reset link expires immediately', SSO, 'done'],
  ['S4', 'Two-factor codes rejected when the phone clock is off by a minute', SSO],
  ['S5', 'Azure AD group mapping ignores nested groups', SSO, 'inProgress'],
  ['S6', "Session times out after 5 minutes despite 'remember me'", SSO],
  ['S7', 'Login page shows a blank screen on Internet Explorer', SSO, 'done'],
  ['S8', 'SCIM provisioning creates duplicate users', SSO],
  ['S9', 'Users with accented names (e.g. José) cannot sign in via Google', SSO],
  ['S10', 'Account lockout after 3 failed attempts is not configurable', SSO],
  ['R1', 'Scheduled report emails arrive empty', REPORTS],
  ['R2', "Dashboard charts ignore the account's time zone", REPORTS],
  ['R3', 'CSV export of the ticket report truncates at 10,000 rows', REPORTS],
  ['R4', 'Report builder crashes when grouping by a custom field', REPORTS, 'inProgress'],
  ['R5', 'Monthly revenue report double-counts refunds', REPORTS],
  ['R6', 'Pie chart labels overlap on small screens', REPORTS, 'done'],
  ['R7', 'Saved report filters are lost after logout', REPORTS],
  ['R8', 'Export to PDF cuts off wide tables', REPORTS],
  ['R9', 'SLA report shows negative response times', REPORTS],
  ['R10', 'Report totals differ from the dashboard totals', REPORTS],
  ['A1', 'Webhook retries stop after the first timeout', API],
  ['A2', 'API returns 429 rate limit errors well below the documented limit', API],
  ['A3', "Webhook payload missing the ticket's custom fields", API],
  ['A4', 'Pagination cursor skips records when items are updated during paging', API, 'inProgress'],
  ['A5', 'OAuth token refresh returns invalid_grant after 24 hours', API],
  ['A6', 'Webhook signature verification fails for payloads with non-ASCII characters', API],
  ['A7', 'REST API accepts dates without time zone and stores them as UTC', API, 'done'],
  ['A8', 'Bulk update endpoint times out for more than 500 tickets', API],
  ['A9', 'Deleted webhooks keep firing', API, 'done'],
  ['A10', 'API documentation example for creating users is wrong', API],
  ['M1', 'iOS app crashes when opening an attachment', MOBILE],
  ['M2', 'Android push notifications arrive hours late', MOBILE],
  ['M3', 'Mobile app logs users out after every update', MOBILE, 'inProgress'],
  ['M4', 'Dark mode makes ticket text unreadable on Android', MOBILE, 'done'],
  ['M5', 'Photo upload from the camera fails on iOS 17', MOBILE],
  ['M6', 'Offline drafts are lost when the app is closed', MOBILE],
  ['M7', 'Tablet layout cuts off the reply button', MOBILE],
  ['M8', 'Biometric login (Face ID) not offered after reinstall', MOBILE],
  ['M9', 'App shows wrong unread badge count', MOBILE],
  ['M10', 'Crash on Android 14 when rotating the screen during a call', MOBILE],
  ['I1', 'CSV import fails for files with a UTF-8 BOM', IMPORT],
  ['I2', 'Exporting contacts to CSV crashes for large accounts', IMPORT],
  ['I3', 'Excel export turns phone numbers into scientific notation', IMPORT, 'done'],
  ['I4', "Import wizard maps the 'Company' column to the wrong field", IMPORT],
  ['I5', 'Zendesk migration import skips closed tickets', IMPORT],
  ['I6', 'Special characters like ü and é are garbled in exported CSV files', IMPORT],
  ['I7', 'Import of attachments larger than 20 MB silently fails', IMPORT, 'inProgress'],
  ['I8', 'Full account export (JSON) never finishes', IMPORT],
  ['I9', 'Date columns imported as MM/DD instead of DD/MM', IMPORT],
  ['I10', 'Duplicate contacts created when re-importing the same file', IMPORT],
];

/** Feedback drafts as support engineers write them, each with its true duplicate: paraphrases, typos, word order, plurals. */
const LABELLED: Array<[DuplicateQuery, string]> = [
  [{ title: 'Export to CSV crashes with a big contact list', productArea: IMPORT }, 'I2'],
  [{ title: "Customer can't download invoice PDF, gets server error 500", productArea: BILLING }, 'B2'],
  [{ title: 'VAT on invoice pdf is wrong for German customer', productArea: BILLING }, 'B1'],
  [{ title: 'Charged twice after payment retry', productArea: BILLING }, 'B5'],
  [{ title: 'Renewal reminder for yearly plan comes too late', problem: 'The renewal email arrived after the card was charged.', productArea: BILLING }, 'B6'],
  [{ title: "Discount coupon doesn't apply to extra seats", productArea: BILLING }, 'B7'],
  [{ title: 'Invoices show dollars instead of pounds', problem: 'UK account (GBP) gets invoices in USD currency', productArea: BILLING }, 'B8'],
  [{ title: 'Tax ID validation rejects Norwegian org number', productArea: BILLING }, 'B9'],
  [{ title: 'SAML sign in redirect loop on Safari', productArea: SSO }, 'S1'],
  [{ title: 'Okta single sign-on broken for emails with capital letters', productArea: SSO }, 'S2'],
  [{ title: 'password reset links expire right away', productArea: SSO }, 'S3'],
  [{ title: 'Two factor authentication codes rejected', problem: "The phone's clock was slightly off.", productArea: SSO }, 'S4'],
  [{ title: 'Nested groups from Azure AD are not mapped', productArea: SSO }, 'S5'],
  [{ title: "Remember me doesn't work - session timeout after a few minutes", productArea: SSO }, 'S6'],
  [{ title: 'SCIM creates duplicated users', productArea: SSO }, 'S8'],
  [{ title: 'José can not log in with Google', tags: ['sso', 'google'], productArea: SSO }, 'S9'],
  [{ title: 'Scheduled reports are emailed with no content', productArea: REPORTS }, 'R1'],
  [{ title: 'Dashboard graphs use the wrong timezone', problem: 'Charts show UTC instead of the account time zone.', productArea: REPORTS }, 'R2'],
  [{ title: 'Ticket report CSV export only has 10000 rows', productArea: REPORTS }, 'R3'],
  [{ title: 'Report builder crash when grouping on custom fields', productArea: REPORTS }, 'R4'],
  [{ title: 'Revenue report counts refunds twice', productArea: REPORTS }, 'R5'],
  [{ title: 'Webhook stops retrying after a timeout', productArea: API }, 'A1'],
  [{ title: 'Getting 429 too many requests below the rate limit', productArea: API }, 'A2'],
  [{ title: 'Custom fields missing from webhook payload', productArea: API }, 'A3'],
  [{ title: 'OAuth refresh token invalid_grant after a day', productArea: API }, 'A5'],
  [{ title: 'Webhook signature mismatch with non-ascii characters', productArea: API }, 'A6'],
  [{ title: 'Webhoks still firing after deletion', productArea: API }, 'A9'],
  [{ title: 'iOS app crash opening attachments', productArea: MOBILE }, 'M1'],
  [{ title: 'Push notifications delayed on Android', productArea: MOBILE }, 'M2'],
  [{ title: 'Photo uploads from camera failing on iPhone', productArea: MOBILE }, 'M5'],
  [{ title: 'CSV import fails because of BOM', productArea: IMPORT }, 'I1'],
  [{ title: 'Phone numbers become scientific notation in Excel export', productArea: IMPORT }, 'I3'],
  [{ title: 'Umlauts and accents garbled in CSV export', problem: 'Names like Müller come out broken', productArea: IMPORT }, 'I6'],
  [{ title: 'Exprot of full account never completes', productArea: IMPORT }, 'I8'],
  [{ title: 'Attachmnets over 20MB not imported', productArea: IMPORT }, 'I7'],
  [{ title: 'Reimporting the same file creates duplicate contacts', productArea: IMPORT }, 'I10'],
  // Paraphrases with little word overlap: the honest part of the set.
  [{ title: 'Customer billed wrong amount after upgrading in the middle of the month', productArea: BILLING }, 'B4'],
  [{ title: 'Android app forgets the login after installing the new version', productArea: MOBILE }, 'M3'],
  [{ title: "Face ID no longer offered once the app was reinstalled", productArea: MOBILE }, 'M8'],
  [{ title: 'Drafts disappear when closing the app while offline', productArea: MOBILE }, 'M6'],
  [{ title: 'Day and month swapped in dates after import', productArea: IMPORT }, 'I9'],
  [{ title: "Report numbers don't match the dashboard", productArea: REPORTS }, 'R10'],
  [{ title: 'Filters reset on saved reports after signing out', productArea: REPORTS }, 'R7'],
  [{ title: 'Reply button hidden on iPad', productArea: MOBILE }, 'M7'],
  [{ title: "Can't sign in with IE11, page is blank", productArea: SSO }, 'S7'],
  [{ title: 'Company column goes into the wrong field when importing', productArea: IMPORT }, 'I4'],
];

const defects = (): Defect[] => DEFECTS.map(([id, title, area, stage]) => aDefect(id, title, area, stage));

function finderWith(list: readonly Defect[]): DuplicateFinder {
  const finder = new DuplicateFinder();
  finder.add(list);
  return finder;
}

function recallAt3(finder: DuplicateFinder): { hits: number; misses: string[] } {
  const misses: string[] = [];
  for (const [query, truth] of LABELLED) {
    const top = finder.rank(query, [], 3).map((m) => m.defect.id);
    if (!top.includes(truth)) misses.push(`"${query.title}" → ${top.join(', ')} (want ${truth})`);
  }
  return { hits: LABELLED.length - misses.length, misses };
}

/** 1,940 plausible distractors built from the same vocabulary, plus the 60 labelled defects. */
function twoThousandDefects(): Defect[] {
  const subjects = ['invoice', 'report', 'webhook', 'login page', 'mobile app', 'CSV import', 'dashboard', 'API token', 'user profile', 'attachment', 'search', 'notification', 'export job', 'SLA timer', 'macro'];
  const problems = ['is slow for large accounts', 'shows a blank page', 'fails with a 500 error', 'ignores the time zone', 'loses unsaved changes', 'shows stale data', 'duplicates entries', 'times out after an update', 'renders badly in dark mode', 'rejects valid input', 'sends emails twice', 'crashes on start'];
  const places = ['in Firefox', 'on Android', 'for admins', 'after the upgrade', 'in the EU region', 'for new accounts', 'with SSO enabled', 'in sandbox', 'on iPad', 'via the REST API', 'for agents'];
  const areas = [BILLING, SSO, REPORTS, API, MOBILE, IMPORT];
  const out = defects();
  for (let i = 0; out.length < 2000; i++) {
    const title = `${subjects[i % subjects.length]} ${problems[(i * 7) % problems.length]} ${places[(i * 5) % places.length]}`;
    out.push(aDefect(`X${i}`, title, areas[i % areas.length], i % 4 === 0 ? 'done' : 'open'));
  }
  return out;
}

describe('DuplicateFinder', () => {
  it('finds the true duplicate in the top 3 for at least 80% of a labelled set', () => {
    const { hits, misses } = recallAt3(finderWith(defects()));
    console.log(`      recall@3 = ${hits}/${LABELLED.length} (${((100 * hits) / LABELLED.length).toFixed(1)}%) over ${DEFECTS.length} defects`);
    for (const miss of misses) console.log(`      miss: ${miss}`);
    assert.ok(LABELLED.length >= 25);
    assert.ok(hits / LABELLED.length >= 0.8, `recall@3 ${hits}/${LABELLED.length}; misses:\n${misses.join('\n')}`);
  });

  it('ranks 2,000 defects quickly (timing printed, not asserted)', () => {
    const all = twoThousandDefects();
    let started = process.hrtime.bigint();
    const finder = finderWith(all);
    const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
    for (const [query] of LABELLED) finder.rank(query, []); // warm up
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [query] of LABELLED) {
        started = process.hrtime.bigint();
        finder.rank(query, all.slice(0, 20)); // with a page of tracker results, as in use
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }
    times.sort((a, b) => a - b);
    const at = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
    const { hits, misses } = recallAt3(finder);
    console.log(`      index of ${finder.size} defects built in ${buildMs.toFixed(1)} ms; rank (${times.length} runs): median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms; recall@3 among 2,000 = ${hits}/${LABELLED.length}`);
    for (const miss of misses) console.log(`      miss among 2,000: ${miss}`);
    assert.strictEqual(finder.size, 2000);
  });

  it('normalises word forms, case and diacritics', () => {
    assert.deepStrictEqual(searchTerms('Exports crash'), searchTerms('export crashes'));
    assert.deepStrictEqual(searchTerms('Exporting invoices failed'), searchTerms('export invoice fails'));
    assert.deepStrictEqual(searchTerms('Müller'), searchTerms('Muller'));
    assert.deepStrictEqual(searchTerms('the and of it is'), []);
    const finder = finderWith([aDefect('1', 'Export crashes for large files', IMPORT), aDefect('2', 'Invoice shows wrong total', BILLING)]);
    assert.deepStrictEqual(finder.rank({ title: 'Exports crash' }, []).map((m) => m.defect.id), ['1']);
  });

  it('matches "Müller" and "Muller" either way round', () => {
    const finder = finderWith([aDefect('1', 'Contact Müller cannot be merged', IMPORT), aDefect('2', 'Contact list cannot be sorted', IMPORT)]);
    assert.strictEqual(finder.rank({ title: 'Muller merge' }, [])[0].defect.id, '1');
    const other = finderWith([aDefect('3', 'Contact Muller cannot be merged', IMPORT)]);
    const [match] = other.rank({ title: 'Müller' }, []);
    assert.strictEqual(match.defect.id, '3');
    assert.deepStrictEqual(match.reasons, ['title shares: müller']);
  });

  it('forgives typos and prefers the same product area', () => {
    const finder = finderWith([aDefect('1', 'Webhook retries stop after a timeout', API), aDefect('2', 'Webhook retries stop after a timeout', REPORTS)]);
    const ranked = finder.rank({ title: 'webhok retrys stop', productArea: 'api & WEBHOOKS' }, []);
    assert.deepStrictEqual(ranked.map((m) => m.defect.id), ['1', '2']);
    assert.ok(ranked[0].reasons.includes('same product area'));
    assert.ok(ranked[0].reasons.some((r) => r.startsWith('title has similar words: webhok ≈ webhook')), ranked[0].reasons.join(' | '));
  });

  it('lists each defect once when the tracker returns one the index holds, keeping the fresher copy', () => {
    const finder = finderWith([aDefect('7', 'CSV export crashes', IMPORT), aDefect('8', 'CSV import slow', IMPORT)]);
    const fresh = aDefect('7', 'CSV export crashes', IMPORT, 'done', { status: 'Closed' });
    const remoteOnly = aDefect('9', 'Exported spreadsheet is empty', IMPORT);
    const ranked = finder.rank({ title: 'csv export crash' }, [fresh, remoteOnly]);
    const ids = ranked.map((m) => m.defect.id);
    assert.deepStrictEqual([...ids].sort(), ['7', '8', '9']);
    assert.strictEqual(ids.filter((id) => id === '7').length, 1);
    assert.strictEqual(ranked.find((m) => m.defect.id === '7')!.defect.status, 'Closed');
    assert.ok(ranked.find((m) => m.defect.id === '9')!.reasons.includes('found by the tracker search'));
    assert.strictEqual(finder.size, 3, 'what the tracker returned is remembered');
  });

  it('lists a tracker result that shares no words last, not never', () => {
    const finder = finderWith([aDefect('1', 'CSV export crashes', IMPORT)]);
    const ranked = finder.rank({ title: 'csv export crash' }, [aDefect('2', 'Spreadsheet download breaks', IMPORT)]);
    assert.deepStrictEqual(ranked.map((m) => m.defect.id), ['1', '2']);
    assert.deepStrictEqual(ranked[1].reasons, ['found by the tracker search']);
  });

  it('ranks a done defect below an equally similar open one, and still lists it', () => {
    const finder = finderWith([aDefect('done', 'Report PDF export cuts off tables', REPORTS, 'done'), aDefect('open', 'Report PDF export cuts off tables', REPORTS, 'open')]);
    const ranked = finder.rank({ title: 'PDF export cuts off tables' }, []);
    assert.deepStrictEqual(ranked.map((m) => m.defect.id), ['open', 'done']);
    assert.ok(ranked[1].score < ranked[0].score);
    assert.ok(ranked[1].score > 0.5 * ranked[0].score, 'a light penalty, not a hiding one');
  });

  it('explains each match in a few words', () => {
    const finder = new DuplicateFinder();
    finder.add([aDefect('1', 'Export to CSV drops rows', IMPORT), aDefect('2', 'Slow page', IMPORT)], (d) => (d.id === '1' ? 'Customers with semicolons in names lose data' : undefined));
    const [match] = finder.rank({ title: 'CSV exports lose rows', problem: 'Names with semicolons', productArea: 'Import/Export' }, []);
    assert.strictEqual(match.defect.id, '1');
    assert.deepStrictEqual(match.reasons, ['same product area', 'title shares: csv, exports, rows', 'description mentions: lose, names, semicolons']);
  });

  it('returns nothing, without throwing, for an empty or stopword-only query', () => {
    const finder = finderWith(defects());
    assert.deepStrictEqual(finder.rank({ title: '' }, []), []);
    assert.deepStrictEqual(finder.rank({ title: '   ', problem: '', tags: [] }, defects().slice(0, 3)), []);
    assert.deepStrictEqual(finder.rank({ title: 'the and of it' }, []), []);
    assert.deepStrictEqual(new DuplicateFinder().rank({ title: 'csv export' }, []), []);
    assert.deepStrictEqual(finder.rank({ title: 'csv export' }, [], 0), []);
  });

  it('forgets a removed defect, and can learn it again', () => {
    const finder = finderWith(defects());
    assert.strictEqual(finder.rank(LABELLED[0][0], [], 1)[0].defect.id, 'I2');
    assert.ok(finder.remove('I2'));
    assert.ok(!finder.remove('I2'));
    assert.ok(!finder.has('I2'));
    assert.ok(finder.rank(LABELLED[0][0], [], 10).every((m) => m.defect.id !== 'I2'));
    finder.add([aDefect('I2', 'Exporting contacts to CSV crashes for large accounts', IMPORT)]);
    assert.strictEqual(finder.rank(LABELLED[0][0], [], 1)[0].defect.id, 'I2');
  });

  it('re-indexes a defect whose title changed, keeps its text, and forgets the least recently seen beyond its size', () => {
    const finder = new DuplicateFinder({ maxDefects: 2 });
    finder.add([aDefect('1', 'Old title', IMPORT)], () => 'customer quote about semicolons');
    finder.add([aDefect('1', 'CSV export crashes', IMPORT)]);
    assert.deepStrictEqual(finder.rank({ title: 'old title' }, []), []);
    assert.strictEqual(finder.rank({ title: 'semicolons' }, [])[0]?.defect.id, '1', 'the text survives an update without one');
    finder.add([aDefect('2', 'Invoice total wrong', BILLING), aDefect('3', 'Login loop', SSO)]);
    assert.strictEqual(finder.size, 2);
    assert.ok(!finder.has('1'));
  });
});

describe('buildSearchText', () => {
  it('keeps the few most informative words of the title', () => {
    assert.strictEqual(buildSearchText({ title: 'The customer cannot export the invoices to CSV' }), 'export invoices csv');
    assert.strictEqual(buildSearchText({ title: 'SSO login with Okta fails with error 500 when the email has uppercase letters' }), 'sso okta 500 uppercase');
    assert.strictEqual(buildSearchText({ title: 'Müller: Umlaute im Export' }), 'müller umlaute im export');
    assert.strictEqual(buildSearchText({ title: 'the of and' }), '');
    assert.strictEqual(buildSearchText({ title: 'crash crashes crashing' }), 'crash');
  });
});
