import * as vscode from 'vscode';
import type { ConnectionInfo } from '../core/model/connection';
import type { DefectImpact } from '../core/model/impact';
import type { Logger } from '../core/ports/logger';
import { DefectReferenceMatcher, type DefectReference } from '../core/services/impact/defectReferences';
import type { ImpactStore } from '../core/services/impact/impactStore';
import type { Settings } from '../core/settings';
import { Commands } from '../commands/commandIds';
import { defectHoverMarkdown } from './defectHoverText';

/** Where defect references are looked for: files, new files, commit messages and the SCM input box. */
export const DEFECT_REFERENCE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { language: 'git-commit' },
  { language: 'scminput' },
  { scheme: 'vscode-scm' },
];

/** The only commands a defect hover may run; every other link in it is inert. */
export const HOVER_COMMANDS = [Commands.impactOpenDefect, Commands.impactOpenCases];

export interface ReferenceDeps {
  readonly store: ImpactStore;
  readonly settings: () => Settings;
  /** The defect tracker in use: its kind decides the key pattern, its connection the URL pattern. */
  readonly tracker: () => ConnectionInfo;
  readonly log: Logger;
}

/**
 * The matcher for the current tracker and settings, rebuilt only when those change, and the lookup
 * from the store's cache. Never loads: a store that has no report yet is asked to load in the
 * background and the caller gets nothing this time (typing is never blocked on the network).
 */
export class DefectReferenceResolver {
  #matcher: { key: string; matcher: DefectReferenceMatcher } | undefined;

  constructor(private readonly deps: ReferenceDeps) {}

  matcher(): DefectReferenceMatcher {
    const settings = this.deps.settings();
    const tracker = this.deps.tracker();
    const connection = settings.connections.find((c) => c.id === tracker.id);
    const baseUrl = connection && 'url' in connection && typeof connection.url === 'string' ? connection.url : undefined;
    const key = JSON.stringify([tracker.kind, baseUrl, settings.defectReferencePatterns]);
    if (this.#matcher?.key !== key) {
      const matcher = new DefectReferenceMatcher({ trackerKind: tracker.kind, trackerBaseUrls: baseUrl ? [baseUrl] : [], userPatterns: settings.defectReferencePatterns });
      // Settings validation has reported bad patterns already; this only notes what the matcher skipped.
      for (const p of matcher.problems) this.deps.log.debug(`defect reference ${p}`);
      this.#matcher = { key, matcher };
    }
    return this.#matcher.matcher;
  }

  /** The defect in the report for `reference`, or undefined; starts a background load when there is no report. */
  lookup(reference: DefectReference): DefectImpact | undefined {
    const store = this.deps.store;
    if (!store.report) {
      if (store.status === 'idle') void store.ensureLoaded().catch((err: unknown) => this.deps.log.warn('Loading the impact report for a hover failed:', err));
      return undefined;
    }
    return store.defectByReference(reference.reference);
  }
}

export class DefectHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly resolver: DefectReferenceResolver,
    private readonly enabled: () => boolean,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled()) return undefined;
    const line = document.lineAt(position.line).text;
    const reference = this.resolver.matcher().findReferenceAt(line, position.character);
    if (!reference) return undefined;
    const defect = this.resolver.lookup(reference);
    if (!defect) return undefined;
    return new vscode.Hover(defectHover(defect, reference.reference), new vscode.Range(position.line, reference.start, position.line, reference.end));
  }
}

export function defectHover(defect: DefectImpact, reference: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(defectHoverMarkdown(defect, reference, { openDefect: Commands.impactOpenDefect, openCases: Commands.impactOpenCases }), true);
  md.supportHtml = false;
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  return md;
}
