import { type DuplicateView, FeedbackHostMessage, FeedbackWebviewMessage, type FormDraft } from '../../protocol/feedbackProtocol';
import type { StateStore } from '../case/drafts';
import { Dom } from '../case/dom';
import { LiveRegion } from '../case/focusKeeper';
import { DuplicatesPanel } from './duplicates';
import { EvidenceEditor } from './evidence';
import { type FieldName, orderedErrors } from './fields';
import { ScalarFields } from './form';
import { Header, buildLayout } from './layout';
import { ReadOnlyLists } from './lists';
import { listenToPage } from './pageEvents';
import { SubmitArea } from './outcome';
import { FieldRegistry } from './registry';
import { FeedbackRequests } from './requests';
import { Debounced, type PendingRequest, readPanelState } from './state';
import { TagEditor } from './tags';
import { DraftValidation } from './validation';

export type Post = (message: FeedbackWebviewMessage) => void;
export type InitMessage = Extract<FeedbackHostMessage, { type: 'init' }>;
type ResultMessage = Extract<FeedbackHostMessage, { type: 'result' }>;

export interface FeedbackViewOptions {
  /** vscode.postMessage. Every message is validated against FeedbackWebviewMessage first. */
  readonly post: Post;
  /** vscode.getState/setState. */
  readonly state?: StateStore;
  readonly newId?: () => string;
  readonly log?: Pick<Console, 'warn'>;
  /** Debounces in ms: saveDraft (300), validation (200), duplicate search (600). */
  readonly delays?: Partial<Record<'save' | 'validate' | 'search', number>>;
  /** How long a request restored after a reload keeps the form locked without an answer (15 s). */
  readonly restoredWaitMs?: number;
}

/** Changes to these search again for duplicates. */
const SEARCH_FIELDS: ReadonlySet<FieldName> = new Set(['title', 'productArea', 'problem']);

/**
 * The feedback form in the browser: turns host messages into the form and user actions into
 * protocol messages. The draft lives here and in webview state (every change, at once) and reaches
 * the host debounced; it is validated with the host's own schema as the user types.
 */
export class FeedbackView {
  readonly #live: LiveRegion;
  readonly #registry: FieldRegistry;
  readonly #header: Header;
  readonly #scalars: ScalarFields;
  readonly #tags: TagEditor;
  readonly #evidence: EvidenceEditor;
  readonly #lists: ReadOnlyLists;
  readonly #submit: SubmitArea;
  readonly #duplicates: DuplicatesPanel;
  readonly #form: HTMLFormElement;
  readonly #save: Debounced;
  readonly #validate: Debounced;
  readonly #search: Debounced;
  readonly #newId: () => string;
  readonly #unlisten: () => void;
  #init: InitMessage | undefined;
  #draft: FormDraft | undefined;
  readonly #requests: FeedbackRequests;
  readonly #validation = new DraftValidation();
  #lastSearch = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly options: FeedbackViewOptions,
  ) {
    const doc = root.ownerDocument;
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    if (!win) throw new Error('The feedback view needs a document with a window.');
    const dom = new Dom(doc);
    this.#newId = options.newId ?? (() => win.crypto.randomUUID());
    const delays = options.delays ?? {};
    this.#save = new Debounced(() => this.#saveNow(), delays.save ?? 300);
    this.#validate = new Debounced(() => this.#runValidation(), delays.validate ?? 200);
    this.#search = new Debounced(() => this.#searchNow(false), delays.search ?? 600);
    this.#requests = new FeedbackRequests(() => {
      this.#persist();
      this.#applyLock();
      this.#submit.showFailure('No answer arrived about the last request. Check the Outbox before trying again.');
    }, options.restoredWaitMs);
    const announce = (text: string) => this.#live.announce(text);
    this.#live = new LiveRegion(doc);
    this.#registry = new FieldRegistry(dom);
    this.#header = new Header(dom, () => this.#duplicates.focusHeading());
    this.#scalars = new ScalarFields(dom, this.#registry, (patch, field) => this.#change(patch, field));
    this.#tags = new TagEditor(dom, this.#registry, (tags) => this.#change({ tags }, 'tags'), announce);
    this.#evidence = new EvidenceEditor(dom, this.#registry, (evidence) => this.#change({ evidence }, 'evidence'), announce);
    this.#lists = new ReadOnlyLists(dom, this.#registry);
    const mac = /Mac|iPhone|iPad/.test(win.navigator?.platform ?? '');
    this.#submit = new SubmitArea(dom, { submit: () => this.submit(), focusField: (f) => this.#registry.focus(f), close: () => this.#post({ type: 'close' }) }, mac ? '⌘+Enter' : 'Ctrl+Enter');
    this.#duplicates = new DuplicatesPanel(dom, { addEvidence: (m) => this.addEvidence(m), retry: () => this.#searchNow(true), announce });
    this.#form = buildLayout(dom, root, this.#header, { live: this.#live.element, scalars: this.#scalars, tags: this.#tags, evidence: this.#evidence, lists: this.#lists, submit: this.#submit, duplicates: this.#duplicates });
    this.#unlisten = listenToPage(root, { submit: () => this.submit(), flush: () => this.#save.flush(), openLink: (url) => this.#post({ type: 'openLink', url }) });
  }

  /** A raw message from the host: validated, then applied. Returns whether it was valid. */
  receive(raw: unknown): boolean {
    const parsed = FeedbackHostMessage.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      (this.options.log ?? console).warn(`Caselink: ignored an invalid message from the host: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      return false;
    }
    const m = parsed.data;
    if (m.type === 'init') this.init(m);
    else if (m.type === 'addQuote') this.#evidence.add(m.evidence);
    else if (m.type === 'duplicates') this.#duplicates.update(m);
    else this.result(m);
    this.#header.setSimilar(this.#duplicates.matchCount, !this.#requests.done);
    return true;
  }

  /** The draft from webview state wins over the host's (it is newer); the host is told if they differ. */
  init(m: InitMessage): void {
    const saved = readPanelState(this.options.state?.getState());
    const draft = saved.draft ?? m.draft;
    this.#init = m;
    this.#draft = draft;
    this.#requests.restore(saved);
    const done = this.#requests.done;
    this.#header.set(m.ticket.key, m.ticketSubject, m.trackerLabel);
    this.#duplicates.setContext(m.trackerLabel, m.ticket.key);
    this.#scalars.setAreas(m.areas);
    this.#evidence.setSource(m.ticket, m.quoteCandidates);
    this.#registry.setPrefilled(new Set(m.prefilled));
    this.#fill(draft);
    this.#form.hidden = false;
    this.#persist();
    if (saved.draft && !done && JSON.stringify(saved.draft) !== JSON.stringify(m.draft)) this.#saveNow();
    this.#runValidation();
    this.#applyLock();
    if (done) this.#submit.showDone(done, m.trackerLabel, m.ticket.key, false);
    else this.#searchNow(true);
  }

  result(r: ResultMessage): void {
    const pending = this.#requests.finish(r);
    if (!pending) {
      (this.options.log ?? console).warn(`Caselink: a result for an unknown request (${r.requestId}).`);
      if (!r.ok && r.message) this.#submit.showFailure(r.message);
      return;
    }
    const what = pending.kind === 'submit' ? 'Filing' : `Adding +1${pending.defectKey ? ` to ${pending.defectKey}` : ''}`;
    const done = this.#requests.done;
    if (done) {
      this.#validation.clearHostErrors();
      this.#save.cancel();
      this.#persist();
      this.#applyLock();
      const init = this.#init;
      this.#live.announce(this.#submit.showDone(done, init?.trackerLabel ?? '', init?.ticket.key ?? 'This case', true));
      return;
    }
    const other = this.#validation.setHostErrors(r.fieldErrors);
    this.#persist();
    this.#applyLock();
    const detail = [r.message, ...other].filter(Boolean).join(' ').replace(/[.\s]+$/, '') || 'unknown error';
    const text = `${what} failed: ${detail}. Your draft is kept.`;
    this.#submit.showFailure(text);
    this.#live.announce(text);
    const atFields = this.#validation.hasHostErrors;
    this.#showErrors(atFields);
    // The button was disabled while the request ran; a +1 button gets focus back by itself (data-focus).
    if (!atFields && pending.kind === 'submit' && this.#focusLost()) this.#submit.button.focus();
  }

  /** "File feedback" or Ctrl/Cmd+Enter: only a valid draft, only once. */
  submit(): void {
    const draft = this.#draft;
    if (!draft || this.#requests.locked) return;
    this.#validate.cancel();
    this.#validation.attempt();
    if (!this.#validation.check(draft)) {
      const n = this.#validation.clientErrorCount;
      this.#showErrors(true);
      this.#live.announce(`Not filed: ${n === 1 ? 'one field needs' : `${n} fields need`} attention.`);
      return;
    }
    this.#showErrors(false);
    this.#start({ requestId: this.#newId(), kind: 'submit' }, (requestId) => ({ type: 'submit', requestId, draft }));
  }

  /** A confirmed "+1" on a similar defect: the draft's quotes and customers go to it. */
  addEvidence(match: DuplicateView): void {
    const draft = this.#draft;
    if (!draft || this.#requests.locked) return;
    this.#start({ requestId: this.#newId(), kind: 'addEvidence', defectId: match.defectId, defectKey: match.key }, (requestId) => ({ type: 'addEvidence', requestId, defectId: match.defectId, draft }));
  }

  dispose(): void {
    this.#save.flush();
    for (const d of [this.#validate, this.#search, this.#save]) d.cancel();
    this.#requests.dispose();
    this.#unlisten();
  }

  #fill(draft: FormDraft): void {
    this.#scalars.set(draft);
    this.#tags.set(draft.tags);
    this.#evidence.set(draft.evidence);
    this.#lists.set(draft);
  }

  #change(patch: Partial<FormDraft>, field: FieldName): void {
    if (!this.#draft || this.#requests.locked) return;
    const next: FormDraft = { ...this.#draft, ...patch };
    if ('workaroundAccepted' in patch && patch.workaroundAccepted === undefined) delete next.workaroundAccepted;
    this.#draft = next;
    this.#validation.touch(field);
    this.#persist();
    this.#save.schedule();
    this.#validate.schedule();
    if (SEARCH_FIELDS.has(field)) this.#search.schedule();
  }

  #runValidation(): void {
    if (!this.#draft) return;
    this.#validation.check(this.#draft);
    this.#showErrors(false);
  }

  /** Errors at the fields, and in the summary once it is shown (after a submit attempt). */
  #showErrors(focusSummary: boolean): void {
    const draft = this.#draft;
    if (!draft) return;
    const visible = this.#validation.visible(draft);
    this.#registry.show(visible);
    if (focusSummary || this.#submit.summaryShown) this.#submit.showSummary(orderedErrors(visible), focusSummary);
  }

  #start(request: PendingRequest, build: (requestId: string) => FeedbackWebviewMessage): void {
    // The host gets the exact draft first, so no late debounced save can bring back a filed draft.
    if (this.#save.pending) this.#saveNow();
    this.#submit.showFailure(undefined);
    this.#requests.start(request);
    this.#persist();
    this.#applyLock();
    if (!this.#post(build(request.requestId))) {
      this.#requests.abandon();
      this.#persist();
      this.#applyLock();
      this.#submit.showFailure('Caselink could not send this request (is a field far too long?). Your draft is kept.');
    }
  }

  #applyLock(): void {
    const { locked, pending, done } = this.#requests;
    this.#scalars.setLocked(locked);
    this.#tags.setLocked(locked);
    this.#evidence.setLocked(locked);
    this.#duplicates.setLocked(locked, pending?.kind === 'addEvidence' ? pending.defectId : undefined);
    this.#submit.setBusy(pending?.kind === 'submit', locked);
    this.#header.setSimilar(this.#duplicates.matchCount, !done);
  }

  #searchNow(force: boolean): void {
    const draft = this.#draft;
    if (!draft || this.#requests.done) return;
    const key = JSON.stringify([draft.title.trim(), draft.productArea.trim(), draft.problem.trim()]);
    if (!force && key === this.#lastSearch) return;
    this.#search.cancel();
    this.#lastSearch = key;
    if (this.#post({ type: 'searchDuplicates', draft })) this.#duplicates.searching();
  }

  #saveNow(): void {
    this.#save.cancel();
    if (this.#draft && !this.#requests.done) this.#post({ type: 'saveDraft', draft: this.#draft });
  }

  #persist(): void {
    this.options.state?.setState({ draft: this.#draft, ...this.#requests.toState() });
  }

  #focusLost(): boolean {
    const active = this.root.ownerDocument.activeElement;
    return !active || active === this.root.ownerDocument.body || !active.isConnected || active === this.#submit.button;
  }

  #post(message: FeedbackWebviewMessage): boolean {
    const parsed = FeedbackWebviewMessage.safeParse(message);
    if (!parsed.success) {
      (this.options.log ?? console).warn(`Caselink: not sending an invalid ${message.type} message: ${parsed.error.issues[0]?.message}`);
      return false;
    }
    this.options.post(parsed.data);
    return true;
  }
}

/** Renders the form into `root` (for tests and benchmarks): init, then optionally duplicates. */
export function renderFeedback(root: HTMLElement, init: InitMessage, post: Post, options: Omit<FeedbackViewOptions, 'post'> = {}): FeedbackView {
  const view = new FeedbackView(root, { ...options, post });
  view.init(init);
  return view;
}
