import * as assert from 'assert';
import { createDemoBackends } from '../../src/backends/demo/demoBackend';
import { CaselinkError } from '../../src/core/errors';
import type { Ticket } from '../../src/core/model/ticket';
import { silentLogger } from '../../src/core/ports/logger';
import { QueueModel, type QueueViewState } from '../../src/core/services/queueModel';
import { aTicket } from '../builders/ticket';
import { ScriptedSource } from '../fakes/scriptedSource';

const now = new Date('2026-11-22T12:00:00.000Z');
const initial: QueueViewState = { filter: {}, groupBy: 'status', sort: 'updated', quickFilter: '' };

function manyTickets(n: number): Ticket[] {
  return Array.from({ length: n }, (_, i) => aTicket({ id: `t${i}`, updatedAt: new Date(now.getTime() - i * 60_000).toISOString() }));
}

describe('QueueModel', () => {
  it('loads one batch of pages, then offers more instead of silently stopping', async () => {
    const source = new ScriptedSource(manyTickets(250));
    const model = new QueueModel(source, { pageSize: 40, loadBatch: 100 }, initial, silentLogger, () => now);
    await model.refresh();
    let snap = model.snapshot();
    assert.strictEqual(snap.loadedCount, 120, 'three pages of 40 reach the batch of 100');
    assert.strictEqual(snap.total, 250);
    assert.ok(snap.hasMore);
    assert.deepStrictEqual(source.calls.map((c) => c.cursor), [undefined, '40', '80']);
    await model.loadMore();
    await model.loadMore();
    snap = model.snapshot();
    assert.strictEqual(snap.loadedCount, 250);
    assert.ok(!snap.hasMore);
  });

  it('keeps the last good tickets and reports the error when a refresh fails', async () => {
    const source = new ScriptedSource(manyTickets(30));
    const model = new QueueModel(source, { pageSize: 100, loadBatch: 100 }, initial, silentLogger, () => now);
    await model.refresh();
    source.failNext = new CaselinkError('network', 'Could not reach the helpdesk.');
    await model.refresh();
    const snap = model.snapshot();
    assert.strictEqual(snap.status, 'error');
    assert.strictEqual(snap.error?.reason, 'network');
    assert.strictEqual(snap.loadedCount, 30, 'the queue is not emptied by an error');
    await model.refresh();
    assert.strictEqual(model.snapshot().status, 'ready');
    assert.strictEqual(model.snapshot().error, undefined);
  });

  it('turns unexpected exceptions into an internal error instead of throwing at the view', async () => {
    const source = new ScriptedSource([]);
    source.listTickets = async () => {
      throw new TypeError('boom');
    };
    const model = new QueueModel(source, { pageSize: 10, loadBatch: 10 }, initial, silentLogger, () => now);
    await model.refresh();
    assert.strictEqual(model.snapshot().error?.reason, 'internal');
    assert.match(model.snapshot().error!.message, /boom/);
  });

  it('cancels a refresh in flight when a new one starts, and only the last one lands', async () => {
    const source = new ScriptedSource(manyTickets(10));
    source.delayMs = 30;
    const model = new QueueModel(source, { pageSize: 100, loadBatch: 100 }, initial, silentLogger, () => now);
    const first = model.refresh();
    source.tickets = manyTickets(3);
    const second = model.refresh();
    await Promise.all([first, second]);
    assert.strictEqual(model.snapshot().loadedCount, 3);
    assert.strictEqual(model.snapshot().status, 'ready');
  });

  it('applies the quick filter to loaded tickets without a new request', async () => {
    const source = new ScriptedSource([aTicket({ subject: 'Invoice PDF broken' }), aTicket({ subject: 'SAML error' })]);
    const model = new QueueModel(source, { pageSize: 100, loadBatch: 100 }, initial, silentLogger, () => now);
    await model.refresh();
    const calls = source.calls.length;
    model.update({ quickFilter: 'invoice' });
    assert.strictEqual(model.snapshot().visibleCount, 1);
    assert.strictEqual(model.snapshot().loadedCount, 2);
    assert.strictEqual(source.calls.length, calls);
  });

  it('reloads when the saved view filter changes', async () => {
    const { source } = createDemoBackends({ now, ticketCount: 120 });
    const model = new QueueModel(source, { pageSize: 50, loadBatch: 1000 }, initial, silentLogger, () => now);
    await model.refresh();
    assert.strictEqual(model.snapshot().loadedCount, 120);
    let sawLoading = false;
    const changed = new Promise<void>((resolve) => {
      const sub = model.onDidChange(() => {
        sawLoading ||= model.snapshot().status === 'loading';
        if (sawLoading && model.snapshot().status === 'ready') {
          sub.dispose();
          resolve();
        }
      });
    });
    model.update({ viewName: 'Urgent', filter: { priority: ['urgent'] } });
    await changed;
    const snap = model.snapshot();
    assert.ok(snap.loadedCount > 0 && snap.loadedCount < 120);
    assert.ok(snap.groups.every((g) => g.tickets.every((t) => t.priority === 'urgent')));
  });

  it('lists a ticket once even when pages overlap', async () => {
    const t = manyTickets(3);
    const source = new ScriptedSource([t[0], t[1], t[1], t[2]]);
    const model = new QueueModel(source, { pageSize: 2, loadBatch: 100 }, initial, silentLogger, () => now);
    await model.refresh();
    assert.strictEqual(model.snapshot().loadedCount, 3);
  });

  it('counts every group and never loses a ticket when grouping', async () => {
    const { source } = createDemoBackends({ now, ticketCount: 300 });
    const model = new QueueModel(source, { pageSize: 100, loadBatch: 1000 }, { ...initial, groupBy: 'priority' }, silentLogger, () => now);
    await model.refresh();
    const snap = model.snapshot();
    assert.strictEqual(snap.groups.reduce((n, g) => n + g.tickets.length, 0), 300);
  });
});
