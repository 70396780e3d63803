import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { Defect } from '../core/model/defect';
import type { DefectTracker } from '../core/ports/defectTracker';
import type { TicketSource } from '../core/ports/ticketSource';

/** Opens a URL from customer content or a backend, only if it is http(s) or mailto. */
export async function openExternalChecked(url: string, what: string): Promise<boolean> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(url, true);
  } catch {
    void vscode.window.showWarningMessage(`Caselink did not open ${what}: "${url.slice(0, 80)}" is not a valid address.`);
    return false;
  }
  if (!['https', 'http', 'mailto'].includes(uri.scheme)) {
    void vscode.window.showWarningMessage(`Caselink blocked ${what}: addresses starting with "${uri.scheme}:" are not opened from tickets.`);
    return false;
  }
  // VS Code asks the user before opening a domain they have not trusted yet.
  return vscode.env.openExternal(uri);
}

/** Resolves to an agent id, null to unassign, or undefined when the user cancelled. */
export async function pickAssignee(source: TicketSource, currentId: string | undefined): Promise<string | null | undefined> {
  const agents = await source.listAgents();
  const me = await source.currentUser();
  type Item = vscode.QuickPickItem & { id: string | null };
  const items: Item[] = [
    ...agents.map((a) => ({ label: `$(person) ${a.name}${a.id === me.id ? ' (me)' : ''}`, description: a.id === currentId ? 'current' : a.email, id: a.id })),
    { label: '$(circle-slash) Unassign', id: null },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Assign the ticket to', placeHolder: 'Type to find an agent' });
  return pick ? pick.id : undefined;
}

export async function askForTag(existing: readonly string[]): Promise<string | undefined> {
  const tag = await vscode.window.showInputBox({
    title: 'Add a tag',
    prompt: 'Tags are lower-case words; spaces become dashes.',
    validateInput: (value) => {
      const clean = value.trim().toLowerCase().replace(/\s+/g, '-');
      if (!clean) return 'Type a tag.';
      if (clean.length > 80) return 'Tags are at most 80 characters.';
      if (existing.includes(clean)) return `The ticket already has the tag "${clean}".`;
      return undefined;
    },
  });
  return tag?.trim().toLowerCase().replace(/\s+/g, '-') || undefined;
}

/** A quick pick that searches the tracker as the user types (debounced, cancelled on each keystroke). */
export async function pickDefect(tracker: DefectTracker, alreadyLinked: readonly string[]): Promise<Defect | undefined> {
  type Item = vscode.QuickPickItem & { defect: Defect };
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = `Link a defect from ${tracker.info.label}`;
  qp.placeholder = 'Search by key or words of the title';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  const search = (text: string) => {
    controller?.abort();
    const current = (controller = new AbortController());
    qp.busy = true;
    tracker.searchDefects(text, 30, current.signal).then(
      (defects) => {
        if (current.signal.aborted) return;
        qp.items = defects.map((d) => ({
          label: `${d.key} ${d.title}`,
          description: `${d.status}${alreadyLinked.includes(d.id) ? ' · already linked' : ''}`,
          detail: [d.productArea, d.priority && `${d.priority} priority`, d.assignee?.name].filter(Boolean).join(' · '),
          defect: d,
        }));
        qp.busy = false;
      },
      (err) => {
        if (current.signal.aborted) return;
        qp.busy = false;
        qp.items = [];
        qp.placeholder = `Search failed: ${describeError(err)}`;
      },
    );
  };
  return new Promise<Defect | undefined>((resolve) => {
    qp.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => search(value), 250);
    });
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.defect);
      qp.hide();
    });
    qp.onDidHide(() => {
      controller?.abort();
      if (timer) clearTimeout(timer);
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
    search('');
  });
}
