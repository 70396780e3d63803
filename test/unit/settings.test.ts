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
