import type * as z from 'zod';
import type * as S from '../schemas/history';

/**
 * One entry of a ticket's history. Customer messages and public replies are `message` with
 * visibility `public`; internal notes are `message` with visibility `internal`. Anything a backend
 * sends that Caselink does not recognise becomes `other` and is still shown (schema: core/schemas/history.ts).
 */
export type HistoryEvent = z.infer<typeof S.HistoryEvent>;
export type Attachment = z.infer<typeof S.Attachment>;
