/**
 * Every command Caselink contributes. A unit test checks this list against package.json, so a
 * command cannot be registered without a title or contributed without a handler.
 */
export const Commands = {
  refresh: 'caselink.refresh',
  groupBy: 'caselink.groupBy',
  pickView: 'caselink.pickView',
  filter: 'caselink.filter',
  clearFilter: 'caselink.clearFilter',
  saveView: 'caselink.saveView',
  editViews: 'caselink.editViews',
  loadMore: 'caselink.loadMore',
  showMoreInGroup: 'caselink.showMoreInGroup',
  markRead: 'caselink.markRead',
  markAllRead: 'caselink.markAllRead',
  copyTicketKey: 'caselink.copyTicketKey',
  openInHelpdesk: 'caselink.openInHelpdesk',
  showMyTickets: 'caselink.showMyTickets',
  showLogs: 'caselink.showLogs',
  openWalkthrough: 'caselink.openWalkthrough',
  openTicket: 'caselink.openTicket',
  caseReply: 'caselink.case.reply',
  caseNote: 'caselink.case.note',
  caseRefresh: 'caselink.case.refresh',
  caseSetStatus: 'caselink.case.setStatus',
  caseAssign: 'caselink.case.assign',
  caseAddTag: 'caselink.case.addTag',
  caseLinkDefect: 'caselink.case.linkDefect',
  addConnection: 'caselink.addConnection',
  editConnection: 'caselink.editConnection',
  testConnection: 'caselink.testConnection',
  signIn: 'caselink.signIn',
  removeConnection: 'caselink.removeConnection',
  chooseTicketSource: 'caselink.chooseTicketSource',
  chooseDefectTracker: 'caselink.chooseDefectTracker',
  fileFeedback: 'caselink.fileFeedback',
  fileFeedbackWithSelection: 'caselink.fileFeedbackWithSelection',
  outboxRetry: 'caselink.outbox.retry',
  outboxDiscard: 'caselink.outbox.discard',
  outboxOpen: 'caselink.outbox.open',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands for tests and automation only: not in package.json, not in the palette. */
export const InternalCommands = {
  queueSnapshot: 'caselink._test.queueSnapshot',
  queueState: 'caselink._test.queueState',
  demoActivity: 'caselink._test.demoActivity',
  demoFailNext: 'caselink._test.demoFailNext',
  demoDelete: 'caselink._test.demoDelete',
  caseSnapshot: 'caselink._test.caseSnapshot',
  caseReceive: 'caselink._test.caseReceive',
  caseDrafts: 'caselink._test.caseDrafts',
  feedbackReceive: 'caselink._test.feedbackReceive',
  outboxItems: 'caselink._test.outboxItems',
  feedbackDraft: 'caselink._test.feedbackDraft',
} as const;
