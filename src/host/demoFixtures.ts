import * as fs from 'fs';
import * as z from 'zod';
import type { DemoExtra } from '../backends/demo/generator';
import { DefectLink } from '../core/schemas/defect';
import { Ticket } from '../core/schemas/ticket';

const Fixtures = z.object({
  tickets: z.array(Ticket),
  /** Raw history entries: tests include entries that are deliberately not valid events. */
  history: z.record(z.string(), z.array(z.unknown())).default({}),
  links: z.array(DefectLink).default([]),
});

/** Hand-written tickets that tests add to the demo helpdesk (test mode only). */
export function loadDemoFixtures(file: string): DemoExtra {
  const parsed = Fixtures.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`Demo fixtures in ${file} are invalid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
