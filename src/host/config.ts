import * as vscode from 'vscode';
import type { Logger } from '../core/ports/logger';
import { parseSettings, type Settings, type SettingIssue } from '../core/settings';

/**
 * The one reader of Caselink's settings: a validated snapshot plus a change event. Invalid settings
 * are reported once each (log + a message naming the setting) and replaced by safe defaults.
 */
export class ConfigService implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<Settings>();
  readonly onDidChange = this.#onDidChange.event;
  readonly #disposables: vscode.Disposable[] = [this.#onDidChange];
  #current: Settings;
  #reported = new Set<string>();

  constructor(private readonly log: Logger) {
    this.#current = this.#read();
    this.#disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('caselink')) return;
        this.#current = this.#read();
        this.#onDidChange.fire(this.#current);
      }),
    );
  }

  get current(): Settings {
    return this.#current;
  }

  /** The raw value of a setting as the user wrote it (for editing lists such as views and connections). */
  raw<T>(key: string): T | undefined {
    return vscode.workspace.getConfiguration('caselink').get<T>(key);
  }

  /** Writes a user setting; the change event follows. */
  async update(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration('caselink').update(key, value, vscode.ConfigurationTarget.Global);
  }

  #read(): Settings {
    const config = vscode.workspace.getConfiguration('caselink');
    const { settings, issues } = parseSettings((key) => {
      // Only what the user set: defaults from package.json are Caselink's own and already valid.
      const inspected = config.inspect(key);
      return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    });
    this.#report(issues);
    return settings;
  }

  #report(issues: SettingIssue[]): void {
    for (const issue of issues) {
      const text = `Setting ${issue.setting}: ${issue.message}`;
      this.log.warn(text);
      if (this.#reported.has(text)) continue;
      this.#reported.add(text);
      void vscode.window.showWarningMessage(`Caselink: ${text}`, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', issue.setting.replace(/\[.*$/, ''));
      });
    }
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
