import * as assert from 'assert';
import { redact } from '../../src/core/redact';
import { MemoryKeyValueStore } from '../../src/core/ports/keyValueStore';
import { SeenTracker } from '../../src/core/services/seenTracker';
import { aTicket } from '../builders/ticket';

describe('redact', () => {
  it('masks credentials in headers, JSON, URLs and query strings', () => {
    const text = redact('Authorization: Bearer abcdefghijkl0123 {"apiKey":"s3cr3t-value","password": "hunter22"} https://bob:pw123@rt.example/x?key=abc123&x=1 X-Redmine-API-Key: 0f0f0f0f0f');
    for (const secret of ['abcdefghijkl0123', 's3cr3t-value', 'hunter22', 'pw123', 'abc123', '0f0f0f0f0f']) {
      assert.ok(!text.includes(secret), `${secret} leaked in: ${text}`);
    }
    assert.match(text, /x=1/);
  });
  it('leaves ordinary text alone', () => {
    assert.strictEqual(redact('Loaded 300 tickets from Demo helpdesk in 12 ms'), 'Loaded 300 tickets from Demo helpdesk in 12 ms');
  });
});

describe('SeenTracker', () => {
  it('does not flag anything that changed before the first run', () => {
    const seen = new SeenTracker(new MemoryKeyValueStore(), () => new Date('2026-11-22T12:00:00.000Z'));
    assert.strictEqual(seen.isUpdatedSinceSeen(aTicket({ updatedAt: '2026-11-22T11:00:00.000Z' })), false);
    assert.strictEqual(seen.isUpdatedSinceSeen(aTicket({ updatedAt: '2026-11-22T12:30:00.000Z' })), true);
  });

  it('clears the marker when the ticket is opened, and sets it again on the next change', async () => {
    const store = new MemoryKeyValueStore();
    const seen = new SeenTracker(store, () => new Date('2026-11-22T12:00:00.000Z'));
    const t = aTicket({ updatedAt: '2026-11-22T13:00:00.000Z' });
    assert.ok(seen.isUpdatedSinceSeen(t));
    await seen.markSeen([t]);
    assert.ok(!seen.isUpdatedSinceSeen(t));
    assert.ok(seen.isUpdatedSinceSeen({ ...t, updatedAt: '2026-11-22T14:00:00.000Z' }));
    // and it survives a restart
    const reloaded = new SeenTracker(store, () => new Date('2030-01-01T00:00:00.000Z'));
    assert.ok(!reloaded.isUpdatedSinceSeen(t));
  });

  it('marks everything as read at once', async () => {
    const seen = new SeenTracker(new MemoryKeyValueStore(), () => new Date('2026-11-22T12:00:00.000Z'));
    const t = aTicket({ updatedAt: '2026-11-22T13:00:00.000Z' });
    await seen.markAllSeen(new Date('2026-11-22T13:30:00.000Z'));
    assert.ok(!seen.isUpdatedSinceSeen(t));
  });
});
