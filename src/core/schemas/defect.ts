import * as z from 'zod';
import { Person, Priority } from './ticket';

/** Where a defect is in its life, whatever the tracker calls its statuses. */
export const DefectStage = z.enum(['open', 'inProgress', 'done']);

export const Defect = z.object({
  trackerId: z.string().min(1),
  id: z.string().min(1),
  key: z.string().min(1),
  title: z.string(),
  /** The tracker's own status name ("In Progress", "Resolved"). */
  status: z.string(),
  stage: DefectStage,
  priority: Priority.optional(),
  assignee: Person.optional(),
  productArea: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  url: z.string().optional(),
});

/** A ticket-to-defect link; many-to-many. */
export const DefectLink = z.object({
  ticketConnectionId: z.string(),
  ticketId: z.string(),
  trackerId: z.string(),
  defectId: z.string(),
});
