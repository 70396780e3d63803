import * as vscode from 'vscode';
import type { CasePanel, CaseDeps } from './casePanel';

export const CASE_VIEW_TYPE = 'caselink.case';

/**
 * The panel module (and zod, which its protocol needs) loads when the first case opens, not at
 * activation: most sessions start by looking at the queue.
 */
const panelModule = () => require('./casePanel') as typeof import('./casePanel');

/**
 * One panel per ticket: opening a ticket that is already open reveals its panel. Tracks the
 * active case panel for keyboard commands, and restores case tabs after a reload.
 */
export class CaseRegistry implements vscode.Disposable {
  readonly #panels = new Map<string, CasePanel>();
  #active: CasePanel | undefined;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: CaseDeps) {
    this.#disposables.push(
      vscode.window.registerWebviewPanelSerializer(CASE_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const { PanelState } = require('../protocol/caseProtocol') as typeof import('../protocol/caseProtocol');
          const parsed = PanelState.safeParse(state);
          if (!parsed.success) {
            panel.dispose();
            return;
          }
          this.#track(new (panelModule().CasePanel)(this.deps, parsed.data.ticketId, panel.title, panel));
          await this.#panels.get(this.#key(parsed.data.ticketId))?.load();
        },
      }),
    );
  }

  #key(ticketId: string): string {
    return `${this.deps.source.info.id}:${ticketId}`;
  }

  get active(): CasePanel | undefined {
    return this.#active && this.#active.host.panel.active ? this.#active : undefined;
  }

  get(ticketId: string): CasePanel | undefined {
    return this.#panels.get(this.#key(ticketId));
  }

  get openCount(): number {
    return this.#panels.size;
  }

  /** Opens (or reveals) the ticket's panel; resolves when its first load finished. */
  async open(ticketId: string, title = `Ticket ${ticketId}`): Promise<CasePanel> {
    const existing = this.get(ticketId);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = this.#track(new (panelModule().CasePanel)(this.deps, ticketId, title));
    await panel.load();
    return panel;
  }

  #track(panel: CasePanel): CasePanel {
    this.#panels.set(panel.ref, panel);
    this.#active = panel;
    panel.host.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.#active = panel;
    });
    panel.onDidDispose(() => {
      this.#panels.delete(panel.ref);
      if (this.#active === panel) this.#active = undefined;
    });
    return panel;
  }

  /** Cases belong to a connection: when the helpdesk or tracker changes, their tabs close. */
  closeAll(): void {
    for (const panel of [...this.#panels.values()]) panel.dispose();
  }

  dispose(): void {
    this.closeAll();
    for (const d of this.#disposables) d.dispose();
  }
}
