import type { Ticket } from '../../src/core/model/ticket';

let next = 1;

/** A valid ticket by default; override only what a test is about. */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  const n = next++;
  return {
    connectionId: 'test',
    id: String(n),
    key: `#${n}`,
    subject: `Subject ${n}`,
    status: 'open',
    priority: 'normal',
    requester: { id: `r${n}`, name: `Requester ${n}`, email: `r${n}@example.test` },
    tags: [],
    customFields: {},
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-10T10:00:00.000Z',
    ...overrides,
  };
}
