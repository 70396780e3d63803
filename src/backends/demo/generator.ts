import type { Defect, DefectLink, DefectStage } from '../../core/model/defect';
import type { HistoryEvent } from '../../core/model/history';
import type { OrgTier, Organization, Person, Priority, Ticket, TicketStatus } from '../../core/model/ticket';
import {
  AGENTS, AGENT_REPLIES, AREAS, ATTACHMENTS, CUSTOMER_FOLLOW_UPS, EXTRA_TAGS, FIRST_NAMES, GROUPS, INTERNAL_NOTES,
  LAST_NAMES, ORG_NAMES, PLATFORMS, PRODUCT, REGIONS, WORKAROUNDS,
} from './catalog';
import { Random, deriveSeed } from './random';

/** Extra hand-made tickets (tests): appended after the generated ones. */
export interface DemoExtra {
  readonly tickets: readonly Ticket[];
  /** Raw entries, deliberately unvalidated: the backend must cope with what real servers send. */
  readonly history: Readonly<Record<string, readonly unknown[]>>;
  readonly links: readonly DefectLink[];
}

export interface DemoOptions {
  readonly extra?: DemoExtra;
  readonly seed?: number;
  readonly ticketCount?: number;
  readonly defectCount?: number;
  /** Every date is relative to this, so ages and due dates look alive whenever the demo runs. */
  readonly now: Date;
  readonly connectionId?: string;
  readonly trackerId?: string;
}

export interface DemoDataset {
  readonly me: Person;
  readonly tickets: Ticket[];
  readonly organizations: Organization[];
  readonly defects: Defect[];
  readonly links: DefectLink[];
  /** Generated on demand (and deterministic), so 50,000 tickets do not carry 1 million events around. */
  history(ticketId: string): HistoryEvent[];
}

export const DEMO_DEFAULTS = { seed: 20261122, ticketCount: 300, connectionId: 'demo', trackerId: 'demo-tracker' } as const;

const GENERIC_PROBLEM = 'Hello, we have a problem: "{subject}". We are on {version} ({platform}). Could you please look into it? It affects several people at {org}.';
const HOUR = 3_600_000;

const DAY = 24 * HOUR;
const STREAM = { org: 1, ticket: 2, defect: 3, history: 4, link: 5, timing: 6 } as const;
const ENGINEERS: readonly Person[] = [
  { id: 'eng-1', name: 'Ravi Shah' }, { id: 'eng-2', name: 'Mia Fischer' }, { id: 'eng-3', name: 'Diego Ramos' },
  { id: 'eng-4', name: 'Hana Sato' }, { id: 'eng-5', name: 'Lucas Martin' },
];
const TIER_ARR: Record<OrgTier, readonly [number, number]> = {
  enterprise: [120_000, 900_000], business: [24_000, 110_000], team: [3_000, 20_000], free: [0, 0],
};
const DEFECT_STATUSES: ReadonlyArray<readonly [string, DefectStage, number]> = [
  ['New', 'open', 3], ['Confirmed', 'open', 4], ['In Progress', 'inProgress', 4], ['In Review', 'inProgress', 2],
  ['Resolved', 'done', 2], ['Closed', 'done', 1],
];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A due time later today in local time, whatever the hour the demo starts: `minutes` from now when
 * the day has room for it, otherwise proportionally closer, so "Due today" is never empty near midnight.
 */
function dueLaterToday(now: number, minutes: number): number {
  const endOfDay = new Date(now);
  endOfDay.setHours(23, 59, 59, 999);
  const room = endOfDay.getTime() - now;
  const wanted = minutes * 60_000;
  return wanted < room ? now + wanted : now + Math.max(1, Math.floor((room * minutes) / 241));
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/** Generates the whole dataset at once (tests, benchmarks, small demos). */
export function generateDemoData(options: DemoOptions): DemoDataset {
  const steps = buildDemoData(options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * Generates the dataset in slices, yielding to the event loop between them, so a 50,000-ticket
 * demo does not freeze the extension host for most of a second.
 */
export async function generateDemoDataAsync(options: DemoOptions): Promise<DemoDataset> {
  const steps = buildDemoData(options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const SLICE = 2_000;

function* buildDemoData(options: DemoOptions): Generator<void, DemoDataset, void> {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const ticketCount = options.ticketCount ?? DEMO_DEFAULTS.ticketCount;
  const defectCount = options.defectCount ?? (ticketCount <= 300 ? 40 : Math.max(40, Math.round(ticketCount / 25)));
  const connectionId = options.connectionId ?? DEMO_DEFAULTS.connectionId;
  const trackerId = options.trackerId ?? DEMO_DEFAULTS.trackerId;
  const now = options.now.getTime();
  const me: Person = { ...AGENTS[0] };

  const organizations = makeOrganizations(seed, Math.max(ORG_NAMES.length, Math.ceil(ticketCount / 60)));
  const defects = makeDefects(seed, defectCount, now, trackerId);
  const defectsByArea = new Map<string, Defect[]>();
  for (const d of defects) {
    const list = defectsByArea.get(d.productArea!) ?? [];
    list.push(d);
    defectsByArea.set(d.productArea!, list);
  }

  const tickets: Ticket[] = [];
  const links: DefectLink[] = [];
  const indexById = new Map<string, number>();
  for (let i = 0; i < ticketCount; i++) {
    if (i > 0 && i % SLICE === 0) yield;
    const t = makeTicket(seed, i, now, connectionId, organizations);
    tickets.push(t);
    indexById.set(t.id, i);
    const area = AREAS.find((a) => a.tag === t.tags[0])!;
    const candidates = defectsByArea.get(area.name) ?? [];
    const r = new Random(deriveSeed(seed, STREAM.link, i));
    const likely = t.tags.includes('bug') || t.tags.includes('regression');
    if (candidates.length && r.chance(likely ? 0.9 : 0.3)) {
      // Squaring skews towards the first defects of an area, so some defects gather many cases.
      const count = r.chance(0.15) ? 2 : 1;
      const chosen = new Set<Defect>();
      while (chosen.size < Math.min(count, candidates.length)) chosen.add(candidates[Math.floor(r.next() ** 2 * candidates.length)]);
      for (const d of chosen) links.push({ ticketConnectionId: connectionId, ticketId: t.id, trackerId, defectId: d.id });
    }
  }

  const keyById = new Map(defects.map((d) => [d.id, d.key]));
  const linkedDefectKeys = new Map<string, string[]>();
  for (const l of links) {
    const key = keyById.get(l.defectId);
    if (key) linkedDefectKeys.set(l.ticketId, [...(linkedDefectKeys.get(l.ticketId) ?? []), key]);
  }

  // History is generated from the ticket as first generated, even after the demo changed it.
  const original = [...tickets];
  const extraHistory = new Map<string, readonly unknown[]>();
  for (const t of options.extra?.tickets ?? []) {
    tickets.push({ ...t, connectionId });
    extraHistory.set(t.id, options.extra?.history[t.id] ?? []);
  }
  links.push(...(options.extra?.links ?? []));
  return {
    me,
    tickets,
    organizations,
    defects,
    links,
    history(ticketId: string): HistoryEvent[] {
      const extra = extraHistory.get(ticketId);
      // Hand-made (test) entries may be malformed on purpose; validating needs zod, loaded only here.
      if (extra) return (require('../../core/services/history') as typeof import('../../core/services/history')).normalizeHistory(extra).events;
      const index = indexById.get(ticketId);
      if (index === undefined) return [];
      return makeHistory(seed, index, original[index], me, linkedDefectKeys.get(ticketId) ?? []);
    },
  };
}

function makeOrganizations(seed: number, count: number): Organization[] {
  const suffixes = ['Europe', 'Americas', 'Asia', 'Nordics', 'Iberia', 'Benelux', 'Africa', 'Oceania'];
  const orgs: Organization[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Random(deriveSeed(seed, STREAM.org, i));
    const base = ORG_NAMES[i % ORG_NAMES.length];
    const name = i < ORG_NAMES.length ? base : `${base} ${suffixes[Math.floor(i / ORG_NAMES.length - 1) % suffixes.length]} ${Math.floor(i / (ORG_NAMES.length * suffixes.length)) || ''}`.trim();
    const tier = r.weighted<OrgTier>([['enterprise', 2], ['business', 4], ['team', 3], ['free', 1]]);
    const [lo, hi] = TIER_ARR[tier];
    // ARR is not known for every customer: real helpdesks often lack it.
    const arr = tier === 'free' ? 0 : r.chance(0.85) ? Math.round(r.int(lo, hi) / 500) * 500 : undefined;
    orgs.push({ id: `org-${i + 1}`, name, tier, ...(arr !== undefined ? { arr } : {}) });
  }
  return orgs;
}

function makeDefects(seed: number, count: number, now: number, trackerId: string): Defect[] {
  const defects: Defect[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Random(deriveSeed(seed, STREAM.defect, i));
    const area = AREAS[i % AREAS.length];
    const round = Math.floor(i / AREAS.length);
    const symptom = area.defectSymptoms[(round + r.int(0, 1)) % area.defectSymptoms.length];
    const context = area.defectContexts[(round * 3 + i) % area.defectContexts.length];
    const [status, stage] = r.weighted(DEFECT_STATUSES.map(([s, st, w]) => [[s, st] as const, w] as const));
    const created = now - r.int(3, 240) * DAY;
    const number = 2100 + i * 3 + r.int(0, 2);
    defects.push({
      trackerId,
      id: String(number),
      key: `${PRODUCT.defectPrefix}-${number}`,
      title: `${symptom} ${context}`,
      status,
      stage,
      priority: r.weighted<Priority>([['urgent', 1], ['high', 3], ['normal', 5], ['low', 2]]),
      ...(stage === 'open' && r.chance(0.4) ? {} : { assignee: r.pick(ENGINEERS) }),
      productArea: area.name,
      createdAt: iso(created),
      updatedAt: iso(Math.min(now - HOUR, created + r.int(1, 60) * DAY)),
    });
  }
  return defects;
}

function makeTicket(seed: number, i: number, now: number, connectionId: string, orgs: readonly Organization[]): Ticket {
  const r = new Random(deriveSeed(seed, STREAM.ticket, i));
  const area = r.pick(AREAS);
  const org = r.chance(0.95) ? orgs[Math.floor(r.next() ** 1.4 * orgs.length)] : undefined;
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const domain = org ? org.name.toLowerCase().replace(/[^a-z0-9]+/g, '') + '.example' : 'mail.example';
  const requester: Person = {
    id: `user-${org?.id ?? 'none'}-${first}-${last}`.toLowerCase(),
    name: `${first} ${last}`,
    email: `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '') + `@${domain}`,
  };
  const status = r.weighted<TicketStatus>([['new', 10], ['open', 34], ['pending', 18], ['hold', 5], ['solved', 21], ['closed', 12]]);
  const priority = r.weighted<Priority>([['urgent', 6], ['high', 22], ['normal', 52], ['low', 20]]);
  const ageDays = r.next() ** 2 * 75 + r.next() * 0.5;
  const createdAt = now - ageDays * DAY;
  const openish = status !== 'solved' && status !== 'closed';
  const sinceUpdate = openish ? r.next() ** 2 * Math.min(ageDays, 6) * DAY : r.next() * Math.min(ageDays, 20) * DAY;
  const updatedAt = Math.max(createdAt + 5 * 60_000, now - sinceUpdate);
  const tags = [area.tag];
  for (let n = r.weighted([[0, 4], [1, 5], [2, 2]]); n > 0; n--) {
    const extra = r.weighted(EXTRA_TAGS);
    if (!tags.includes(extra)) tags.push(extra);
  }
  if (org?.tier === 'enterprise' && !tags.includes('enterprise')) tags.push('enterprise');
  const assignee = status === 'new' && r.chance(0.8) ? undefined : r.weighted(AGENTS.map((a, k) => [a, k === 0 ? 5 : 3] as const));
  let dueAt: number | undefined;
  if (openish && r.chance(0.85)) {
    const when = r.weighted([['overdue', 2], ['today', 2], ['later', 5]] as const);
    dueAt = when === 'overdue' ? now - r.int(1, 96) * HOUR : when === 'today' ? dueLaterToday(now, r.int(20, 240)) : now + r.int(26, 240) * HOUR;
  }
  const group = area.tag === 'billing' ? GROUPS[2] : org?.tier === 'enterprise' && priority !== 'low' ? GROUPS[3] : r.pick(GROUPS.slice(0, 2));
  const id = String(1000 + i);
  return {
    connectionId,
    id,
    key: `#${id}`,
    subject: r.pick(area.subjects),
    status,
    priority,
    requester,
    ...(org ? { organization: org } : {}),
    ...(assignee ? { assignee: { ...assignee } } : {}),
    group,
    tags,
    customFields: {
      'Product area': area.name,
      'Product version': r.pick(PRODUCT.versions),
      Platform: r.pick(PLATFORMS),
      Region: r.pick(REGIONS),
      ...(org?.tier ? { Plan: org.tier } : {}),
    },
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
    ...(dueAt !== undefined ? { dueAt: iso(dueAt) } : {}),
    ...responseTimes(seed, i, status, AREAS.indexOf(area), createdAt, updatedAt),
  };
}

/**
 * When an agent first answered and when the ticket was solved. Drawn from a stream of their own,
 * so the other fields (and the values tests pin) stay as they were. Areas differ on purpose (some
 * teams answer within the hour, some take a day), so the dashboard has something to compare.
 */
function responseTimes(seed: number, i: number, status: TicketStatus, areaIndex: number, createdAt: number, updatedAt: number): Pick<Ticket, 'firstResponseAt' | 'solvedAt'> {
  if (status === 'new') return {};
  const r = new Random(deriveSeed(seed, STREAM.timing, i));
  const pace = 0.5 + (areaIndex % 4) * 0.75;
  // Never after the last update: the first answer is one of the updates.
  const first = Math.min(updatedAt, createdAt + 5 * 60_000 + r.next() ** 2 * 30 * HOUR * pace);
  if (status !== 'solved' && status !== 'closed') return { firstResponseAt: iso(first) };
  const solved = first + (updatedAt - first) * (0.6 + 0.4 * r.next());
  return { firstResponseAt: iso(first), solvedAt: iso(Math.floor(solved)) };
}

function makeHistory(seed: number, index: number, t: Ticket, me: Person, defectKeys: readonly string[]): HistoryEvent[] {
  const r = new Random(deriveSeed(seed, STREAM.history, index));
  const area = AREAS.find((a) => a.tag === t.tags[0]) ?? AREAS[0];
  const count = Math.min(40, Math.max(3, Math.round(3 + r.next() ** 2.2 * 37)));
  const start = Date.parse(t.createdAt);
  const end = Date.parse(t.updatedAt);
  const step = (end - start) / (count - 1);
  const first = t.requester.name.split(' ')[0];
  const agent = t.assignee ?? r.pick(AGENTS);
  const values: Record<string, string> = {
    first,
    org: t.organization?.name ?? 'our company',
    version: String(t.customFields['Product version'] ?? PRODUCT.versions[0]),
    platform: String(t.customFields.Platform ?? 'the web app'),
    region: String(t.customFields.Region ?? 'the EU'),
    seats: String(r.int(40, 400)),
    active: String(r.int(20, 39)),
    affected: String(r.int(12, 900)),
    amount: `€${r.int(10, 900)},${r.int(100, 999)}`,
    reqid: `req_${(deriveSeed(seed, 99, index) >>> 0).toString(16)}`,
    tier: t.organization?.tier ?? 'team',
    arr: t.organization?.arr !== undefined ? `€${t.organization.arr.toLocaleString('en-US')}` : 'unknown',
    defect: defectKeys[0] ?? 'a new defect',
    workaround: r.pick(WORKAROUNDS),
    when: 'tomorrow 10:00',
  };
  const events: HistoryEvent[] = [];
  const at = (k: number) => iso(Math.round(start + step * k));
  const customer = { ...t.requester };
  events.push({
    id: `${t.id}-1`, kind: 'message', at: at(0), author: customer, authorRole: 'customer', visibility: 'public', format: 'text',
    body: fill(area.problems[area.subjects.indexOf(t.subject)] ?? GENERIC_PROBLEM, { ...values, subject: t.subject }), attachments: r.chance(0.3) ? [attachment(r, t.id, 1)] : [],
  });
  const statusPath: TicketStatus[] = t.status === 'new' ? [] : ['open', ...(t.status === 'open' ? [] : [t.status])];
  let statusIdx = 0;
  let current: TicketStatus = 'new';
  for (let k = 1; k < count; k++) {
    const id = `${t.id}-${k + 1}`;
    const last = k === count - 1;
    // The final event brings the ticket to its current status, so history and header agree.
    if ((last && current !== t.status && statusPath.length) || (statusIdx < statusPath.length - 1 && r.chance(0.12))) {
      const to: TicketStatus = last ? t.status : statusPath[statusIdx++];
      events.push({ id, kind: 'change', at: at(k), author: agent, field: 'status', from: current, to });
      current = to;
      continue;
    }
    const kind = r.weighted([['reply', 4], ['customer', 4], ['note', 2], ['priority', 1], ['tag', 1], ['assign', 1]] as const);
    switch (kind) {
      case 'reply':
        events.push({ id, kind: 'message', at: at(k), author: agent, authorRole: 'agent', visibility: 'public', format: 'text', body: fill(r.pick(AGENT_REPLIES), values), attachments: [] });
        break;
      case 'customer':
        events.push({ id, kind: 'message', at: at(k), author: customer, authorRole: 'customer', visibility: 'public', format: 'text', body: fill(r.pick(CUSTOMER_FOLLOW_UPS), values), attachments: r.chance(0.2) ? [attachment(r, t.id, k)] : [] });
        break;
      case 'note':
        events.push({ id, kind: 'message', at: at(k), author: r.chance(0.7) ? agent : me, authorRole: 'agent', visibility: 'internal', format: 'markdown', body: fill(r.pick(INTERNAL_NOTES), values), attachments: [] });
        break;
      case 'priority':
        events.push({ id, kind: 'change', at: at(k), author: agent, field: 'priority', from: 'normal', to: t.priority });
        break;
      case 'tag':
        events.push({ id, kind: 'change', at: at(k), author: agent, field: 'tags', to: `+${t.tags[t.tags.length - 1]}` });
        break;
      case 'assign':
        events.push({ id, kind: 'change', at: at(k), author: agent, field: 'assignee', to: agent.name });
        break;
    }
  }
  if (current !== t.status && t.status !== 'new' && events.length) {
    const lastEvent = events[events.length - 1];
    events[events.length - 1] = { id: lastEvent.id, kind: 'change', at: lastEvent.at, author: agent, field: 'status', from: current, to: t.status };
  }
  return events;
}

function attachment(r: Random, ticketId: string, k: number) {
  const [name, contentType] = r.pick(ATTACHMENTS);
  return { id: `att-${ticketId}-${k}`, name, contentType, size: r.int(2_000, 4_000_000) };
}
