import type { Priority, TicketStatus } from '../../core/model/ticket';
import type { CaseSnapshot, WebviewMessage } from '../../protocol/caseProtocol';
import { priorityLabel, statusLabel } from './format';
import { Control } from './requests';

export interface RequestAction {
  readonly control: string;
  readonly build: (requestId: string) => WebviewMessage;
  /** The value asked for, shown by the control while the request runs. */
  readonly value?: string;
}

/** A clicked `data-action` control that posts a message without a request id. */
export function plainAction(data: DOMStringMap): WebviewMessage | undefined {
  switch (data.action) {
    case 'refresh':
      return { type: 'refresh' };
    case 'openTicket':
      return { type: 'openTicketInHelpdesk' };
    case 'allowRemoteImages':
      return { type: 'allowRemoteImages' };
    case 'openDefect':
      return data.defect ? { type: 'openDefect', defectId: data.defect } : undefined;
    case 'openAttachment':
      return data.url ? { type: 'openLink', url: data.url } : undefined;
    default:
      return undefined;
  }
}

/** A status or priority <select> changed: a request, unless the value is unknown or unchanged. */
export function selectAction(action: string | undefined, value: string, snapshot: CaseSnapshot): RequestAction | undefined {
  if (snapshot.ticket.state !== 'loaded') return undefined;
  const ticket = snapshot.ticket.value;
  if (action === 'setStatus') {
    const status = snapshot.options.statuses.find((s) => s === value);
    if (status && status !== ticket.status) return { control: Control.status, build: (requestId) => ({ type: 'setStatus', requestId, status }), value: status };
  } else if (action === 'setPriority') {
    const priority = snapshot.options.priorities.find((p) => p === value);
    if (priority && priority !== ticket.priority) return { control: Control.priority, build: (requestId) => ({ type: 'setPriority', requestId, priority }), value: priority };
  }
  return undefined;
}

/** The request a clicked `data-action` control stands for, or undefined if it is not a request. */
export function requestAction(data: DOMStringMap): RequestAction | undefined {
  switch (data.action) {
    case 'assign':
      return { control: Control.assignee, build: (requestId) => ({ type: 'pickAssignee', requestId }) };
    case 'addTag':
      return { control: Control.addTag, build: (requestId) => ({ type: 'addTag', requestId }) };
    case 'removeTag': {
      const tag = data.tag;
      return tag ? { control: Control.tag(tag), build: (requestId) => ({ type: 'removeTag', requestId, tag }) } : undefined;
    }
    case 'linkDefect':
      return { control: Control.linkDefect, build: (requestId) => ({ type: 'linkDefect', requestId }) };
    case 'unlinkDefect': {
      const defectId = data.defect;
      return defectId ? { control: Control.unlink(defectId), build: (requestId) => ({ type: 'unlinkDefect', requestId, defectId }) } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Words for the live region. `done` is only given for actions whose success says something; the
 * pickers (assignee, tag, defect) open the host's quick pick, which speaks for itself.
 */
export function describeControl(control: string, value?: string): { action: string; done?: string } {
  if (control === Control.status) return { action: 'Changing the status', done: value ? `Status set to ${statusLabel(value as TicketStatus)}.` : 'Status changed.' };
  if (control === Control.priority) return { action: 'Changing the priority', done: value ? `Priority set to ${priorityLabel(value as Priority)}.` : 'Priority changed.' };
  if (control === Control.assignee) return { action: 'Assigning' };
  if (control === Control.addTag) return { action: 'Adding a tag' };
  if (control === Control.linkDefect) return { action: 'Linking a defect' };
  if (control.startsWith('tag:')) return { action: `Removing the tag ${control.slice(4)}`, done: `Tag ${control.slice(4)} removed.` };
  if (control.startsWith('unlink:')) return { action: `Unlinking ${control.slice(7)}`, done: `${control.slice(7)} unlinked.` };
  return { action: 'The action' };
}
