import type * as z from 'zod';
import type * as S from '../schemas/defect';

/** Where a defect is in its life, whatever the tracker calls its statuses. */
export type DefectStage = z.infer<typeof S.DefectStage>;
export type Defect = z.infer<typeof S.Defect>;
/** A ticket-to-defect link; many-to-many. */
export type DefectLink = z.infer<typeof S.DefectLink>;
