import * as vscode from 'vscode';
import type { ImpactStore } from '../core/services/impact/impactStore';
import { Commands } from '../commands/commandIds';
import type { ConfigService } from '../host/config';
import { DEFECT_REFERENCE_SELECTOR, type DefectReferenceResolver } from './defectHover';

/** At most this many lenses per document: a changelog full of references stays readable and cheap. */
export const MAX_LENSES_PER_DOCUMENT = 200;
/** Documents longer than this are scanned only this far. */
const MAX_LINES_SCANNED = 20_000;

class DefectCodeLensProvider implements vscode.CodeLensProvider {
  readonly #onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.#onDidChange.event;

  constructor(
    private readonly resolver: DefectReferenceResolver,
    private readonly store: ImpactStore,
  ) {}

  refresh(): void {
    this.#onDidChange.fire();
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.CodeLens[] {
    const matcher = this.resolver.matcher();
    const lenses: vscode.CodeLens[] = [];
    const lines = Math.min(document.lineCount, MAX_LINES_SCANNED);
    for (let i = 0; i < lines && lenses.length < MAX_LENSES_PER_DOCUMENT; i++) {
      if (token.isCancellationRequested) return [];
      const text = document.lineAt(i).text;
      // Cheap pre-check: most lines have no digit, and no reference without one.
      if (!/\d/.test(text)) continue;
      for (const ref of matcher.findAll(text)) {
        const defect = this.resolver.lookup(ref);
        if (!defect) {
          if (!this.store.report) return [];
          continue;
        }
        const title = `$(account) ${defect.cases.toLocaleString('en-US')} customer case${defect.cases === 1 ? '' : 's'} · ${defect.key}`;
        lenses.push(new vscode.CodeLens(new vscode.Range(i, ref.start, i, ref.end), { title, tooltip: `Open the cases linked to ${defect.key}`, command: Commands.impactOpenCases, arguments: [ref.reference] }));
        if (lenses.length >= MAX_LENSES_PER_DOCUMENT) break;
      }
    }
    return lenses;
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}

/**
 * Registers the CodeLens provider only while `caselink.codeLens.enabled` is on (off by default), and
 * refreshes the lenses when the report changes.
 */
export class DefectCodeLensController implements vscode.Disposable {
  #registration: { provider: DefectCodeLensProvider; disposable: vscode.Disposable } | undefined;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    private readonly resolver: DefectReferenceResolver,
    private readonly store: ImpactStore,
    private readonly config: ConfigService,
  ) {
    const sub = store.onDidChange(() => this.#registration?.provider.refresh());
    this.#disposables.push({ dispose: () => sub.dispose() }, config.onDidChange(() => this.#apply()));
    this.#apply();
  }

  get enabled(): boolean {
    return !!this.#registration;
  }

  #apply(): void {
    const wanted = this.config.current.codeLensEnabled;
    if (wanted && !this.#registration) {
      const provider = new DefectCodeLensProvider(this.resolver, this.store);
      this.#registration = { provider, disposable: vscode.languages.registerCodeLensProvider(DEFECT_REFERENCE_SELECTOR, provider) };
    } else if (!wanted && this.#registration) {
      this.#registration.disposable.dispose();
      this.#registration.provider.dispose();
      this.#registration = undefined;
    } else {
      // Patterns or the tracker may have changed.
      this.#registration?.provider.refresh();
    }
  }

  dispose(): void {
    if (this.#registration) {
      this.#registration.disposable.dispose();
      this.#registration.provider.dispose();
    }
    for (const d of this.#disposables) d.dispose();
  }
}
