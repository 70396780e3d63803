import type { CaseSnapshot } from '../../protocol/caseProtocol';
import { type Dom, idFor } from './dom';
import type { RequestView } from './requests';

/** Everything a render function reads. Render functions build DOM and never post or keep state. */
export interface RenderContext {
  readonly dom: Dom;
  readonly snapshot: CaseSnapshot;
  /** snapshot.now in milliseconds. */
  readonly now: number;
  readonly requests: RequestView;
}

/**
 * Attributes of a control tied to a request: disabled and aria-busy while it runs, described by its
 * error, and findable again after a re-render (`data-focus`) so keyboard focus is not lost.
 */
export function controlProps(ctx: RenderContext, control: string, fallback?: string): Record<string, string | boolean | undefined> {
  const busy = ctx.requests.isBusy(control);
  const error = ctx.requests.error(control);
  return {
    disabled: busy,
    'aria-busy': busy ? 'true' : undefined,
    'aria-describedby': error ? idFor('err', control) : undefined,
    'data-focus': control,
    'data-focus-fallback': fallback,
  };
}

/** The failed request's message, shown next to its control (the live region announces it). */
export function controlError(ctx: RenderContext, control: string): HTMLElement | null {
  const error = ctx.requests.error(control);
  if (!error) return null;
  const { dom } = ctx;
  return dom.el('span', { class: 'control-error', id: idFor('err', control) }, dom.icon('error'), ' ', error);
}
