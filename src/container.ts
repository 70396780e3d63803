import * as vscode from 'vscode';
import { createDemoBackends } from './backends/demo/demoBackend';
import { CaselinkError } from './core/errors';
import type { Ticket } from './core/model/ticket';
import type { Logger } from './core/ports/logger';
import type { TicketSource } from './core/ports/ticketSource';
import { QueueModel, type QueueViewState } from './core/services/queueModel';
import { SeenTracker } from './core/services/seenTracker';
import type { CaselinkApi } from './api';
import { InternalCommands } from './commands/commandIds';
import { QUEUE_STATE_KEY, allViews, registerQueueCommands, type RememberedQueueState } from './commands/queueCommands';
import { registerCommand } from './commands/registerCommand';
import { ConfigService } from './host/config';
import { ChannelLogger } from './host/logger';
import { MementoStore } from './host/mementoStore';
import { QueueView } from './views/queue/queueView';
import { renderTree } from './views/queue/queueSnapshot';
import { MyWorkStatusBar } from './views/statusBar';
import { registerCaseCommands } from './commands/caseCommands';
import { DraftStore } from './core/services/draftStore';
import type { DefectTracker } from './core/ports/defectTracker';
import { CaseRegistry } from './webviews/caseRegistry';
import { ActiveBackends } from './core/services/switchableBackends';
import type { SecretStore } from './core/ports/secrets';
import { VscodeSecretStore } from './host/secretStore';
import { BackendFactory } from './host/backendFactory';
import { registerConnectionCommands } from './commands/connectionCommands';
import { FeedbackFeature } from './feedbackFeature';
import { registerImpactCommands } from './commands/impactCommands';
import { ImpactStore, checkImpactFilters } from './core/services/impact/impactStore';
import { notifyingTracker } from './core/services/impact/trackerChanges';
import { toJsonReport } from './core/services/impact/reportExport';
import type { DefectTracker as DefectTrackerPort } from './core/ports/defectTracker';
import { ImpactViews, renderImpactTree } from './views/impact/impactViews';
import { registerImpactViewCommands } from './commands/impactViewCommands';
import { DefectHoverProvider, DefectReferenceResolver, DEFECT_REFERENCE_SELECTOR } from './editor/defectHover';
import { DefectCodeLensController } from './editor/defectCodeLens';

/**
 * The composition root: the one place that chooses backends and wires services, views and
 * commands together. Constructing it does no I/O; data loads when the Queue view is first shown.
 */
export class Container implements vscode.Disposable {
  readonly log: Logger;
  readonly config: ConfigService;
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  readonly backends: ActiveBackends;
  readonly secrets: SecretStore;
  readonly cases: CaseRegistry;
  readonly feedback: FeedbackFeature;
  /** The impact report shared by the dashboard, trees and hovers; loads on first use. */
  readonly impact: ImpactStore;
  readonly model: QueueModel;
  readonly queueView: QueueView;
  readonly statusBar: MyWorkStatusBar;
  readonly api: CaselinkApi;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    channel: vscode.LogOutputChannel,
  ) {
    this.log = new ChannelLogger(channel);
    this.config = new ConfigService(this.log.child('config'));
    const settings = this.config.current;

    // Only the demo exists so far; real connections will be chosen here from caselink.connections.
    const testMode = context.extensionMode === vscode.ExtensionMode.Test || process.env.CASELINK_TEST === '1';
    const demo = createDemoBackends({
      now: new Date(),
      ticketCount: settings.demoTicketCount,
      // Tests add hand-written tickets (hostile content, broken history) to the demo.
      ...(testMode && process.env.CASELINK_DEMO_FIXTURES ? { extra: (require('./host/demoFixtures') as typeof import('./host/demoFixtures')).loadDemoFixtures(process.env.CASELINK_DEMO_FIXTURES) } : {}),
    });
    const secrets = new VscodeSecretStore(context.secrets);
    this.secrets = secrets;
    const factory = new BackendFactory(demo, secrets, this.log);
    this.backends = new ActiveBackends(factory.source(settings), factory.tracker(settings));
    this.source = this.backends.sourceProxy;
    this.tracker = this.backends.trackerProxy;
    const updateDemoContext = () => void vscode.commands.executeCommand('setContext', 'caselink.usingDemo', this.backends.source.info.kind === 'demo');
    updateDemoContext();
    this.impact = new ImpactStore({ source: this.source, tracker: this.tracker, log: this.log.child('impact'), maxTickets: () => this.config.current.impactMaxTickets });
    // Links, records and +1 comments made anywhere in Caselink go through this: the report hears of them.
    const changeAwareTracker = notifyingTracker(this.tracker, (defectId) => this.impact.invalidate(defectId));

    const seen = new SeenTracker(new MementoStore(context.globalState));
    const config = this.config;
    this.model = new QueueModel(
      this.source,
      {
        get pageSize() {
          return config.current.pageSize;
        },
        get loadBatch() {
          return config.current.loadBatch;
        },
      },
      this.#initialQueueState(),
      this.log.child('queue'),
    );
    this.queueView = new QueueView(this.model, seen, this.config, this.log.child('tree'));
    const drafts = new DraftStore(new MementoStore(context.globalState));
    this.cases = new CaseRegistry({
      extensionUri: context.extensionUri,
      source: this.source,
      tracker: changeAwareTracker,
      seen,
      drafts,
      log: this.log.child('case'),
      onTicketChanged: (ticket) => {
        this.impact.applyTicketUpdate(ticket);
        this.model.applyTicketUpdate(ticket);
        this.queueView.provider.refreshView();
      },
    });
    this.statusBar = new MyWorkStatusBar(this.source, this.model, () => this.config.current.statusBarEnabled, this.log.child('status'));
    const connectionFor = (id: string, role: 'source' | 'tracker') => {
      if (role === 'tracker' && id === demo.tracker.info.id) return demo.tracker;
      if (role === 'source' && id === demo.source.info.id) return demo.source;
      const c = this.config.current.connections.find((x) => x.id === id);
      return c ? factory.forConnection(c, role) : undefined;
    };
    this.feedback = new FeedbackFeature({
      context,
      source: this.source,
      tracker: changeAwareTracker,
      trackerById: (id) => {
        const tracker = connectionFor(id, 'tracker') as DefectTrackerPort | undefined;
        return tracker && notifyingTracker(tracker, (defectId) => this.impact.invalidate(defectId));
      },
      sourceById: (id) => connectionFor(id, 'source') as TicketSource | undefined,
      cases: this.cases,
      resolveTicket: (ref) => this.api.getTicket(ref),
      log: this.log,
    });
    // What waits in the outbox is sent once the queue has loaded: never during activation.
    const startFeedback = this.model.onDidChange(() => {
      if (this.model.snapshot().status !== 'ready') return;
      startFeedback.dispose();
      this.feedback.start();
    });
    const impactCommands = registerImpactCommands({ extensionUri: context.extensionUri, impact: () => this.impact, log: this.log.child('command') });
    this.#disposables.push(
      this.feedback,
      { dispose: () => startFeedback.dispose() },
      this.config,
      { dispose: () => this.model.dispose() },
      { dispose: () => this.impact.dispose() },
      this.queueView,
      this.statusBar,
      ...registerQueueCommands({
        model: this.model,
        view: this.queueView,
        seen,
        config: this.config,
        workspaceState: context.workspaceState,
        log: this.log.child('command'),
        showLogs: () => channel.show(true),
      }),
      this.config.onDidChange(() => void this.statusBar.update()),
      this.cases,
      ...registerConnectionCommands({ config: this.config, secrets, factory, backends: this.backends, log: this.log.child('connections') }),
      // Another connection chosen, or its settings changed: switch the backends in place.
      this.config.onDidChange((next) => {
        this.backends.setSource(factory.source(next));
        this.backends.setTracker(factory.tracker(next));
      }),
      { dispose: this.backends.onDidSwitch((which) => {
        this.log.info(`Now using ${which === 'source' ? this.backends.source.info.label : this.backends.tracker.info.label} as the ${which === 'source' ? 'ticket source' : 'defect tracker'}.`);
        updateDemoContext();
        this.cases.closeAll();
        this.feedback.closeAll();
        this.queueView.treeView.description = this.model.connectionLabel;
        if (which === 'source') void this.model.reset();
        this.impact.invalidate();
        void this.statusBar.update();
      }).dispose },
      ...registerCaseCommands({ cases: this.cases, model: this.model, resolveTicket: (ref) => this.api.getTicket(ref), log: this.log.child('command') }),
      ...impactCommands.disposables,
    );
    // Tags & Areas, Customer-reported defects, hovers and CodeLens: all read this.impact, and nothing
    // here loads it (the views on first show, a hover or lens in the background on first use).
    const impactViews = new ImpactViews(this.impact, this.config, this.log.child('impact-views'));
    const references = new DefectReferenceResolver({ store: this.impact, settings: () => this.config.current, tracker: () => this.backends.tracker.info, log: this.log.child('references') });
    const codeLens = new DefectCodeLensController(references, this.impact, this.config);
    this.#disposables.push(
      impactViews,
      codeLens,
      vscode.languages.registerHoverProvider(DEFECT_REFERENCE_SELECTOR, new DefectHoverProvider(references, () => this.config.current.hoversEnabled)),
      ...registerImpactViewCommands({ store: this.impact, views: impactViews, config: this.config, log: this.log.child('command') }),
    );
    if (testMode) {
      this.#disposables.push(
        registerCommand(InternalCommands.queueSnapshot, (depth?: number) => renderTree(this.queueView.provider, depth ?? 2), this.log),
        registerCommand(InternalCommands.queueState, () => ({
          state: this.model.state,
          remembered: context.workspaceState.get(QUEUE_STATE_KEY),
          snapshot: { ...this.model.snapshot(), groups: undefined },
          statusBar: { text: this.statusBar.item.text, tooltip: this.statusBar.item.tooltip },
        }), this.log),
        registerCommand(InternalCommands.demoActivity, () => demo.source.simulateCustomerReply(), this.log),
        registerCommand(InternalCommands.caseSnapshot, (ticketId: string) => {
          const panel = this.cases.get(ticketId);
          return panel ? { snapshot: panel.snapshot(), rejected: panel.host.rejected, title: panel.host.panel.title, open: this.cases.openCount } : undefined;
        }, this.log),
        registerCommand(InternalCommands.caseDrafts, (ticketId: string) => drafts.get(`${this.source.info.id}:${ticketId}`), this.log),
        registerCommand(InternalCommands.caseReceive, (ticketId: string, raw: unknown) => this.cases.get(ticketId)?.host.receive(raw), this.log),
        registerCommand(InternalCommands.feedbackReceive, (ticketId: string, raw: unknown) => this.feedback.panel(ticketId)?.host.receive(raw), this.log),
        registerCommand(InternalCommands.feedbackDraft, (ticketId: string) => this.feedback.savedDraft(ticketId), this.log),
        registerCommand(InternalCommands.outboxItems, () => this.feedback.outbox.items(), this.log),
        registerCommand(InternalCommands.impactDashboard, () => {
          const panel = impactCommands.dashboard.panel;
          return panel ? { lastPosted: panel.lastPosted, bytes: panel.lastPostedBytes, rejected: panel.host.rejected, title: panel.host.panel.title, visible: panel.host.panel.visible } : undefined;
        }, this.log),
        registerCommand(InternalCommands.impactReceive, (raw: unknown) => impactCommands.dashboard.panel?.host.receive(raw), this.log),
        // A defect with hand-made text (a corrupt feedback block), created with its text in one step.
        registerCommand(InternalCommands.demoCreateDefect, (title: string, description: string, ticketId?: string) =>
          demo.tracker.createDefect({ title, description, ...(ticketId ? { ticket: { connectionId: demo.source.info.id, ticketId } } : {}) }), this.log),
        registerCommand(InternalCommands.impactTreeSnapshot, (viewId: string, depth?: number) => {
          const provider = impactViews.provider(viewId);
          return provider ? renderImpactTree(provider, depth ?? 2) : undefined;
        }, this.log),
        registerCommand(InternalCommands.impactStoreState, () => {
          const report = this.impact.report;
          return {
            status: this.impact.status,
            error: this.impact.error,
            stale: this.impact.stale,
            filters: this.impact.filters,
            codeLensRegistered: codeLens.enabled,
            descriptions: { tags: impactViews.tagsView.description, defects: impactViews.defectsView.description },
            report: report && { generatedAt: report.generatedAt, totals: report.totals, feedback: report.feedback, tags: report.tags, areas: report.areas, defects: report.defects.map((d) => ({ ...d, defect: undefined, url: d.defect?.url })) },
          };
        }, this.log),
        registerCommand(InternalCommands.demoDelete, (id: string) => demo.source.removeTicket(id), this.log),
        registerCommand(InternalCommands.demoFailNext, (message: string) => demo.source.failNextRequest(new CaselinkError('network', message)), this.log),
      );
    }
    this.api = this.#createApi();
  }

  #initialQueueState(): QueueViewState {
    const settings = this.config.current;
    const remembered = this.context.workspaceState.get<RememberedQueueState>(QUEUE_STATE_KEY) ?? {};
    const view = remembered.viewName ? allViews(this.config).find((v) => v.name === remembered.viewName) : undefined;
    return {
      viewName: view?.name,
      filter: view?.filter ?? {},
      groupBy: remembered.groupBy ?? view?.group ?? settings.defaultGroupBy,
      sort: view?.sort ?? settings.sort,
      quickFilter: '',
    };
  }

  #createApi(): CaselinkApi {
    const model = this.model;
    const source = this.source;
    const ensureLoaded = async () => {
      if (!model.hasLoaded) await model.refresh();
    };
    return {
      apiVersion: 1,
      onDidChangeQueue: (listener, thisArg, disposables) => {
        const sub = model.onDidChange(() => listener.call(thisArg, undefined));
        const d = new vscode.Disposable(() => sub.dispose());
        disposables?.push(d);
        return d;
      },
      async listQueueTickets(): Promise<Ticket[]> {
        await ensureLoaded();
        return model.snapshot().groups.flatMap((g) => g.tickets).filter(uniqueTicket()).map((t) => structuredClone(t));
      },
      async getTicket(ref: string): Promise<Ticket | undefined> {
        if (typeof ref !== 'string' || !ref.trim()) return undefined;
        await ensureLoaded();
        const wanted = ref.trim();
        const loaded = model.loadedTickets().find((t) => t.key === wanted || t.id === wanted || `${t.connectionId}:${t.id}` === wanted);
        if (loaded) return structuredClone(loaded);
        const id = wanted.startsWith(`${source.info.id}:`) ? wanted.slice(source.info.id.length + 1) : wanted.replace(/^#/, '');
        try {
          return await source.getTicket(id);
        } catch (err) {
          if (err instanceof CaselinkError && err.reason === 'notFound') return undefined;
          throw err;
        }
      },
      refresh: () => model.refresh(),
      openTicket: async (ref: string) => (await vscode.commands.executeCommand<boolean>('caselink.openTicket', ref)) === true,
      prefillFeedback: async (ref: string) => {
        const ticket = await this.api.getTicket(ref);
        if (!ticket) return undefined;
        const { draft, prefilled } = await this.feedback.workflow().prefill(ticket.id);
        return { draft, prefilled };
      },
      searchDuplicates: (query) => this.feedback.workflow().duplicates(query),
      getImpactReport: async (filters) => {
        const report = await this.impact.reportFor(filters === undefined ? this.impact.filters : checkImpactFilters(filters));
        return report && toJsonReport(report);
      },
      fileFeedback: async (ref: string, draft) => {
        const ticket = await this.api.getTicket(ref);
        if (!ticket) return { state: 'failed', message: `There is no ticket "${ref}".` };
        return this.feedback.workflow().file(ticket.id, draft);
      },
      addEvidence: async (ref: string, defectId: string) => {
        const ticket = await this.api.getTicket(ref);
        if (!ticket) return { state: 'failed', message: `There is no ticket "${ref}".` };
        return this.feedback.workflow().addEvidence(ticket.id, defectId);
      },
    };
  }

  dispose(): void {
    for (const d of this.#disposables.reverse()) d.dispose();
  }
}

/** Tag grouping lists a ticket once per tag; API callers want each ticket once. */
function uniqueTicket(): (t: Ticket) => boolean {
  const seen = new Set<string>();
  return (t) => {
    const ref = `${t.connectionId}:${t.id}`;
    if (seen.has(ref)) return false;
    seen.add(ref);
    return true;
  };
}
