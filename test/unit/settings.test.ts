import * as assert from 'assert';
import { parseSettings } from '../../src/core/settings';

const read = (values: Record<string, unknown>) => (key: string) => values[key];

describe('settings', () => {
  it('uses defaults for settings the user did not set', () => {
    const { settings, issues } = parseSettings(read({}));
    assert.deepStrictEqual(issues, []);
    assert.strictEqual(settings.defaultGroupBy, 'status');
    assert.strictEqual(settings.pageSize, 100);
    assert.strictEqual(settings.refreshIntervalSeconds, 120);
    assert.deepStrictEqual(settings.views, []);
  });

  it('accepts valid saved views', () => {
    const { settings, issues } = parseSettings(read({ views: [{ name: 'Urgent billing', filter: { tag: ['billing'], priority: ['urgent'] }, group: 'assignee' }] }));
    assert.deepStrictEqual(issues, []);
    assert.deepStrictEqual(settings.views, [{ name: 'Urgent billing', filter: { tag: ['billing'], priority: ['urgent'] }, group: 'assignee' }]);
  });

  it('skips a bad view with a message naming the setting, the view and the problem, and keeps the others', () => {
    const { settings, issues } = parseSettings(
      read({
        views: [
          { name: 'Good', filter: { status: ['open'] } },
          { name: 'Typo', filter: { status: ['opn'] } },
          { filter: {} },
          { name: 'Good', filter: {} },
          { name: 'Extra', filter: { colour: 'red' } },
        ],
      }),
    );
    assert.deepStrictEqual(settings.views.map((v) => v.name), ['Good']);
    assert.strictEqual(issues.length, 4);
    assert.strictEqual(issues[0].setting, 'caselink.views[1] ("Typo")');
    assert.match(issues[0].message, /filter\.status\[0\]/);
    assert.match(issues[0].message, /skipped/);
    assert.strictEqual(issues[1].setting, 'caselink.views[2]');
    assert.match(issues[1].message, /name/);
    assert.match(issues[2].message, /same name/);
    assert.match(issues[3].message, /colour/);
  });

  it('reports a views setting that is not a list', () => {
    const { settings, issues } = parseSettings(read({ views: { name: 'x' } }));
    assert.deepStrictEqual(settings.views, []);
    assert.strictEqual(issues[0].setting, 'caselink.views');
  });

  it('replaces an invalid scalar by its default and says so', () => {
    const { settings, issues } = parseSettings(read({ 'queue.pageSize': 5000, 'queue.defaultGroupBy': 'colour', 'refresh.intervalSeconds': 5, 'statusBar.enabled': 'yes' }));
    assert.strictEqual(settings.pageSize, 100);
    assert.strictEqual(settings.defaultGroupBy, 'status');
    assert.strictEqual(settings.refreshIntervalSeconds, 120);
    assert.strictEqual(settings.statusBarEnabled, true);
    assert.deepStrictEqual(issues.map((i) => i.setting).sort(), ['caselink.queue.defaultGroupBy', 'caselink.queue.pageSize', 'caselink.refresh.intervalSeconds', 'caselink.statusBar.enabled']);
    assert.match(issues.find((i) => i.setting === 'caselink.queue.pageSize')!.message, /5000 is not valid.*using 100/);
  });

  it('allows 0 to turn background refresh off', () => {
    assert.strictEqual(parseSettings(read({ 'refresh.intervalSeconds': 0 })).settings.refreshIntervalSeconds, 0);
  });
});

describe('connection settings', () => {
  const rt = { id: 'work-rt', kind: 'rt', url: 'https://rt.example.com', queues: ['Support'] };
  const redmine = { id: 'bugs', kind: 'redmine', url: 'https://redmine.example.com', project: 'lumio' };

  it('uses the demo for both roles when nothing is configured', () => {
    const { settings, issues } = parseSettings(read({}));
    assert.deepStrictEqual([settings.ticketSource, settings.defectTracker, settings.connections.length], ['demo', 'demo', 0]);
    assert.deepStrictEqual(issues, []);
  });

  it('fills kind-specific defaults and picks the first usable connection per role', () => {
    const { settings, issues } = parseSettings(read({ connections: [rt, redmine] }));
    assert.deepStrictEqual(issues, []);
    assert.strictEqual(settings.ticketSource, 'work-rt');
    assert.strictEqual(settings.defectTracker, 'bugs');
    const parsedRt = settings.connections[0] as { auth: string; tagsField: string; defectField: string };
    assert.deepStrictEqual([parsedRt.auth, parsedRt.tagsField, parsedRt.defectField], ['token', 'Tags', 'Redmine Issue']);
  });

  it('names the connection and the field for a missing or wrong value, and keeps the others working', () => {
    const { settings, issues } = parseSettings(
      read({
        connections: [
          { id: 'no-url', kind: 'rt' },
          { id: 'pw-in-url', kind: 'redmine', url: 'https://bob:hunter2@redmine.example.com', project: 'x' },
          { id: 'basic-no-user', kind: 'rt', url: 'https://rt.example.com', auth: 'basic' },
          { id: 'zd', kind: 'zendesk', url: 'https://acme.zendesk.com' },
          { ...rt },
          { ...rt, url: 'https://other.example.com' },
        ],
      }),
    );
    assert.deepStrictEqual(settings.connections.map((c) => c.id), ['work-rt']);
    assert.deepStrictEqual(issues.map((i) => i.setting), [
      'caselink.connections[0] ("no-url")',
      'caselink.connections[1] ("pw-in-url")',
      'caselink.connections[2] ("basic-no-user")',
      'caselink.connections[3] ("zd")',
      'caselink.connections[5] ("work-rt")',
    ]);
    assert.match(issues[0].message, /url/);
    assert.match(issues[1].message, /secret storage/);
    assert.match(issues[2].message, /user/);
    assert.match(issues[3].message, /not available in this version/);
    assert.match(issues[4].message, /already has the id/);
  });

  it('falls back, with a message, when the chosen source or tracker does not exist or cannot play that role', () => {
    const { settings, issues } = parseSettings(read({ connections: [rt, redmine], ticketSource: 'bugs', defectTracker: 'nope' }));
    assert.strictEqual(settings.ticketSource, 'work-rt');
    assert.strictEqual(settings.defectTracker, 'bugs');
    assert.deepStrictEqual(issues.map((i) => i.setting), ['caselink.ticketSource', 'caselink.defectTracker']);
    assert.match(issues[0].message, /"bugs" is not a connection that can be the ticket source \(demo, work-rt\); using "work-rt"/);
  });

  it('lets the user pick the demo explicitly while real connections exist', () => {
    assert.strictEqual(parseSettings(read({ connections: [rt], ticketSource: 'demo' })).settings.ticketSource, 'demo');
  });
});
