import { describeError } from '../errors';
import type { DefectTracker } from '../ports/defectTracker';
import type { TicketSource } from '../ports/ticketSource';

export interface ConnectionCheck {
  readonly check: string;
  readonly ok: boolean | undefined;
  readonly detail: string;
}


/** Plain-words checks for "Test Connection": reachable and signed in, can read, can write. Never throws. */
export async function testConnection(backend: TicketSource | DefectTracker, role: 'source' | 'tracker'): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  const step = async (check: string, run: () => Promise<string>) => {
    try {
      checks.push({ check, ok: true, detail: await run() });
      return true;
    } catch (err) {
      checks.push({ check, ok: false, detail: describeError(err) });
      return false;
    }
  };
  if (role === 'source') {
    const source = backend as TicketSource;
    const signedIn = await step('Reachable and signed in', async () => `Signed in as ${(await source.currentUser()).name}.`);
    if (!signedIn) return checks;
    await step('Can read the queue', async () => {
      const page = await source.listTickets({}, { limit: 1 });
      return page.total !== undefined ? `${page.total} tickets in the queue.` : page.items.length ? 'Tickets are visible.' : 'The queue is empty, or this account sees no ticket.';
    });
  } else {
    const tracker = backend as DefectTracker;
    const ok = await step('Reachable, signed in, can read defects', async () => `${(await tracker.searchDefects('', 5)).length ? 'Defects are visible.' : 'No defect visible yet.'}`);
    if (!ok) return checks;
    await step('Ticket links can be stored', async () => {
      await tracker.linksForTickets([{ connectionId: 'caselink-test', ticketId: '0', url: 'caselink:connection-test' }]);
      return 'The field that holds ticket links exists.';
    });
  }
  const canWrite = (backend as { canWrite?: () => Promise<boolean | undefined> }).canWrite;
  if (canWrite) {
    try {
      const allowed = await canWrite.call(backend);
      checks.push({ check: 'Can write', ok: allowed, detail: allowed === undefined ? 'Could not tell without an item to look at.' : allowed ? 'This account may make changes.' : 'This account may only read: replies, notes and links will be refused.' });
    } catch (err) {
      checks.push({ check: 'Can write', ok: false, detail: describeError(err) });
    }
  }
  return checks;
}

