// A stand-in for the `vscode` module, just large enough for Caselink's activate() to run its real
// code path in plain Node. It records what activation did (commands, views, context keys, log lines)
// so the benchmark can check that it measured a real activation, not an early throw.
// Every createVscodeStub() returns a fresh API object, so each measured load starts clean.
import Module from 'module';
import * as path from 'path';

/** The id `require('vscode')` resolves to while the stub is installed. Not a real file. */
export const STUB_ID = path.join(__dirname, '__vscode_stub__.js');

type Listener<T> = (value: T) => unknown;
interface Disposable {
  dispose(): unknown;
}

export interface StubOptions {
  /** What treeView.visible says when the view is created. */
  readonly viewVisible?: boolean;
  /** Settings the "user" has set, keyed without the `caselink.` prefix: { 'demo.ticketCount': 50000 }. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface StubTreeView {
  readonly id: string;
  readonly treeDataProvider: {
    getChildren(node?: unknown): unknown[];
    getTreeItem(node: unknown): { collapsibleState?: number };
  };
  visible: boolean;
  message?: string;
  disposed?: boolean;
  /** What VS Code does when the user opens or closes the view. */
  setVisible(visible: boolean): void;
}

export interface StubStatusBarItem {
  shown: boolean;
  disposed?: boolean;
}

export interface StubRecord {
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  readonly executed: string[];
  readonly context: Map<string, unknown>;
  readonly treeViews: StubTreeView[];
  readonly statusBarItems: StubStatusBarItem[];
  decorationProviders: number;
  webviewSerializers: number;
  /** Hover and CodeLens providers registered and not yet disposed. */
  languageProviders: number;
  readonly webviewPanels: string[];
  readonly logLines: string[];
  readonly warnings: string[];
}

export function createVscodeStub(options: StubOptions = {}) {
  const settings = options.settings ?? {};
  const record: StubRecord = {
    commands: new Map(),
    executed: [],
    context: new Map(),
    treeViews: [],
    statusBarItems: [],
    decorationProviders: 0,
    webviewSerializers: 0,
    languageProviders: 0,
    webviewPanels: [],
    logLines: [],
    warnings: [],
  };
  const contextWaiters: Array<{ key: string; value: unknown; resolve(): void }> = [];

  class StubDisposable {
    #callOnDispose: (() => unknown) | undefined;
    constructor(callOnDispose?: () => unknown) {
      this.#callOnDispose = callOnDispose;
    }
    static from(...items: Disposable[]): StubDisposable {
      return new StubDisposable(() => items.forEach((d) => d.dispose()));
    }
    dispose(): void {
      const f = this.#callOnDispose;
      this.#callOnDispose = undefined;
      f?.();
    }
  }

  class EventEmitter<T> {
    readonly #listeners = new Set<Listener<T>>();
    readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): StubDisposable => {
      const entry: Listener<T> = thisArg ? listener.bind(thisArg) : listener;
      this.#listeners.add(entry);
      const d = new StubDisposable(() => this.#listeners.delete(entry));
      disposables?.push(d);
      return d;
    };
    fire(value: T): void {
      for (const l of [...this.#listeners]) l(value);
    }
    dispose(): void {
      this.#listeners.clear();
    }
  }

  class ThemeColor {
    constructor(readonly id: string) {}
  }
  class ThemeIcon {
    static readonly File = new ThemeIcon('file');
    static readonly Folder = new ThemeIcon('folder');
    constructor(
      readonly id: string,
      readonly color?: ThemeColor,
    ) {}
  }

  const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 } as const;
  class TreeItem {
    label?: unknown;
    resourceUri?: unknown;
    constructor(
      labelOrUri: unknown,
      public collapsibleState: number = TreeItemCollapsibleState.None,
    ) {
      if (typeof labelOrUri === 'string' || (labelOrUri && typeof (labelOrUri as { label?: unknown }).label === 'string')) this.label = labelOrUri;
      else this.resourceUri = labelOrUri;
    }
  }

  interface UriComponents {
    scheme: string;
    authority?: string;
    path?: string;
    query?: string;
    fragment?: string;
  }
  class Uri {
    readonly authority: string;
    readonly path: string;
    readonly query: string;
    readonly fragment: string;
    constructor(
      readonly scheme: string,
      authority?: string,
      p?: string,
      query?: string,
      fragment?: string,
    ) {
      this.authority = authority ?? '';
      this.path = p ?? '';
      this.query = query ?? '';
      this.fragment = fragment ?? '';
    }
    static from(c: UriComponents): Uri {
      return new Uri(c.scheme, c.authority, c.path, c.query, c.fragment);
    }
    static parse(value: string): Uri {
      const u = new URL(value);
      return new Uri(u.protocol.replace(/:$/, ''), u.host, u.pathname, u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''));
    }
    static file(p: string): Uri {
      return new Uri('file', '', p);
    }
    static joinPath(base: Uri, ...parts: string[]): Uri {
      return new Uri(base.scheme, base.authority, path.posix.join(base.path, ...parts), base.query, base.fragment);
    }
    with(change: Partial<UriComponents>): Uri {
      return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
    }
    get fsPath(): string {
      return this.path;
    }
    toString(): string {
      return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
    }
  }

  class MarkdownString {
    constructor(
      public value = '',
      public supportThemeIcons = false,
    ) {}
    appendMarkdown(v: string): this {
      this.value += v;
      return this;
    }
    appendText(v: string): this {
      this.value += v;
      return this;
    }
    appendCodeblock(code: string, lang = ''): this {
      this.value += `\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
      return this;
    }
  }

  class FileDecoration {
    constructor(
      readonly badge?: string,
      readonly tooltip?: string,
      readonly color?: ThemeColor,
    ) {}
  }

  const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 } as const;

  function createLogOutputChannel(name: string) {
    const onDidChangeLogLevel = new EventEmitter<number>();
    const write = (level: string) => (message: unknown) => void record.logLines.push(`[${level}] ${message instanceof Error ? message.stack : String(message)}`);
    return {
      name,
      logLevel: LogLevel.Info,
      onDidChangeLogLevel: onDidChangeLogLevel.event,
      trace: write('trace'),
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      append() {},
      appendLine: write('line'),
      replace() {},
      clear() {},
      show() {},
      hide() {},
      dispose: () => onDidChangeLogLevel.dispose(),
    };
  }

  function createTreeView(id: string, opts: { treeDataProvider: StubTreeView['treeDataProvider'] }): StubTreeView & Record<string, unknown> {
    const onDidChangeVisibility = new EventEmitter<{ visible: boolean }>();
    const others = [new EventEmitter<unknown>(), new EventEmitter<unknown>(), new EventEmitter<unknown>(), new EventEmitter<unknown>()];
    const view = {
      id,
      treeDataProvider: opts.treeDataProvider,
      visible: !!options.viewVisible,
      selection: [] as unknown[],
      message: undefined as string | undefined,
      title: undefined as string | undefined,
      description: undefined as string | undefined,
      badge: undefined as unknown,
      disposed: false,
      onDidChangeVisibility: onDidChangeVisibility.event,
      onDidChangeSelection: others[0].event,
      onDidExpandElement: others[1].event,
      onDidCollapseElement: others[2].event,
      onDidChangeCheckboxState: others[3].event,
      reveal: async () => undefined,
      setVisible(visible: boolean) {
        view.visible = visible;
        onDidChangeVisibility.fire({ visible });
      },
      dispose() {
        view.disposed = true;
        for (const e of [onDidChangeVisibility, ...others]) e.dispose();
      },
    };
    record.treeViews.push(view);
    return view;
  }

  function createStatusBarItem(idOrAlignment?: string | number, alignmentOrPriority?: number, priority?: number) {
    const named = typeof idOrAlignment === 'string';
    const item = {
      id: named ? idOrAlignment : undefined,
      alignment: named ? alignmentOrPriority : idOrAlignment,
      priority: named ? priority : alignmentOrPriority,
      text: '',
      shown: false,
      disposed: false,
      show: () => void (item.shown = true),
      hide: () => void (item.shown = false),
      dispose: () => void (item.disposed = true),
    };
    record.statusBarItems.push(item);
    return item;
  }

  /** A panel that renders nothing: enough for code that creates one (activation does not). */
  function createWebviewPanel(viewType: string, title: string) {
    record.webviewPanels.push(viewType);
    const onDidReceiveMessage = new EventEmitter<unknown>();
    const onDidDispose = new EventEmitter<void>();
    const onDidChangeViewState = new EventEmitter<unknown>();
    const panel = {
      viewType,
      title,
      active: true,
      visible: true,
      viewColumn: 1,
      iconPath: undefined as unknown,
      webview: {
        html: '',
        options: {} as unknown,
        cspSource: 'vscode-webview://bench',
        asWebviewUri: (uri: unknown) => uri,
        postMessage: () => Promise.resolve(true),
        onDidReceiveMessage: onDidReceiveMessage.event,
      },
      onDidDispose: onDidDispose.event,
      onDidChangeViewState: onDidChangeViewState.event,
      reveal() {},
      dispose() {
        onDidDispose.fire();
        for (const e of [onDidReceiveMessage, onDidDispose, onDidChangeViewState]) e.dispose();
      },
    };
    return panel;
  }

  /** Quick picks and input boxes that never show anything. */
  function createInput() {
    const emitters = { accept: new EventEmitter<void>(), hide: new EventEmitter<void>(), value: new EventEmitter<string>(), active: new EventEmitter<unknown>(), selection: new EventEmitter<unknown>() };
    return {
      value: '',
      items: [] as unknown[],
      activeItems: [] as unknown[],
      selectedItems: [] as unknown[],
      onDidAccept: emitters.accept.event,
      onDidHide: emitters.hide.event,
      onDidChangeValue: emitters.value.event,
      onDidChangeActive: emitters.active.event,
      onDidChangeSelection: emitters.selection.event,
      show() {},
      hide: () => emitters.hide.fire(),
      dispose() {
        for (const e of Object.values(emitters)) e.dispose();
      },
    };
  }

  const onDidChangeWindowState = new EventEmitter<{ focused: boolean }>();
  const onDidChangeConfiguration = new EventEmitter<unknown>();
  const shown = (message: string) => {
    record.warnings.push(message);
    return Promise.resolve(undefined);
  };

  const vscode = {
    version: '1.100.0',
    Disposable: StubDisposable,
    EventEmitter,
    ThemeColor,
    ThemeIcon,
    TreeItem,
    TreeItemCollapsibleState,
    Uri,
    MarkdownString,
    FileDecoration,
    LogLevel,
    StatusBarAlignment: { Left: 1, Right: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 },
    window: {
      state: { focused: true, active: true },
      onDidChangeWindowState: onDidChangeWindowState.event,
      createOutputChannel: (name: string, opts?: { log?: boolean } | string) => {
        if (!opts || typeof opts !== 'object' || !opts.log) throw new Error('stub: only LogOutputChannel ({ log: true }) is implemented');
        return createLogOutputChannel(name);
      },
      createTreeView,
      createStatusBarItem,
      registerFileDecorationProvider: () => {
        record.decorationProviders++;
        return new StubDisposable(() => record.decorationProviders--);
      },
      registerWebviewPanelSerializer: () => {
        record.webviewSerializers++;
        return new StubDisposable(() => record.webviewSerializers--);
      },
      createWebviewPanel,
      createQuickPick: createInput,
      createInputBox: createInput,
      withProgress: <R>(_opts: unknown, task: (progress: unknown, token: unknown) => R) =>
        Promise.resolve(task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => new StubDisposable() })),
      showWarningMessage: shown,
      showErrorMessage: shown,
      showInformationMessage: () => Promise.resolve(undefined),
      showQuickPick: () => Promise.resolve(undefined),
      showInputBox: () => Promise.resolve(undefined),
      setStatusBarMessage: () => new StubDisposable(),
    },
    commands: {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        if (record.commands.has(id)) throw new Error(`stub: command ${id} already exists`);
        record.commands.set(id, handler);
        return new StubDisposable(() => record.commands.delete(id));
      },
      executeCommand: (id: string, ...args: unknown[]): Promise<unknown> => {
        record.executed.push(id);
        if (id === 'setContext') {
          const [key, value] = args as [string, unknown];
          record.context.set(key, value);
          for (const w of [...contextWaiters]) {
            if (w.key === key && w.value === value) {
              contextWaiters.splice(contextWaiters.indexOf(w), 1);
              w.resolve();
            }
          }
          return Promise.resolve(undefined);
        }
        const handler = record.commands.get(id);
        return Promise.resolve(handler ? handler(...args) : undefined);
      },
    },
    languages: {
      registerHoverProvider: () => {
        record.languageProviders++;
        return new StubDisposable(() => record.languageProviders--);
      },
      registerCodeLensProvider: () => {
        record.languageProviders++;
        return new StubDisposable(() => record.languageProviders--);
      },
    },
    workspace: {
      workspaceFolders: undefined,
      onDidChangeConfiguration: onDidChangeConfiguration.event,
      getConfiguration: () => ({
        get: (_key: string, fallback?: unknown) => fallback,
        has: () => false,
        // Nothing is set by the user unless a bench asks for it.
        inspect: (key: string) => ({ key, defaultValue: undefined, globalValue: settings[key], workspaceValue: undefined, workspaceFolderValue: undefined }),
        update: () => Promise.resolve(),
      }),
    },
    extensions: {
      all: [] as unknown[],
      getExtension: () => undefined,
    },
    env: {
      appName: 'Visual Studio Code (bench stub)',
      language: 'en',
      machineId: 'bench',
      sessionId: 'bench',
      uiKind: 1,
      clipboard: { readText: () => Promise.resolve(''), writeText: () => Promise.resolve() },
      openExternal: () => Promise.resolve(true),
    },
  };

  /** Resolves when the extension sets a context key to a value (e.g. caselink.queueState = ready). */
  function whenContext(key: string, value: unknown): Promise<void> {
    if (record.context.get(key) === value) return Promise.resolve();
    return new Promise((resolve) => contextWaiters.push({ key, value, resolve }));
  }

  return { vscode, record, whenContext };
}

export type VscodeStub = ReturnType<typeof createVscodeStub>;

function createMemento() {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
    update: (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
      return Promise.resolve();
    },
    setKeysForSync() {},
  };
}

/** An ExtensionContext with what Caselink reads; `mode` is a vscode.ExtensionMode value. */
export function createExtensionContext(packageJSON: { name: string; publisher: string }, extensionPath: string, mode = 1) {
  const fileUri = (p: string) => ({ scheme: 'file', path: p, fsPath: p });
  return {
    subscriptions: [] as Disposable[],
    extensionMode: mode,
    extensionPath,
    extensionUri: fileUri(extensionPath),
    globalState: createMemento(),
    workspaceState: createMemento(),
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => ({ dispose() {} }) },
    storageUri: undefined,
    globalStorageUri: fileUri('/tmp/caselink-bench'),
    logUri: fileUri('/tmp/caselink-bench-log'),
    asAbsolutePath: (p: string) => path.join(extensionPath, p),
    extension: { id: `${packageJSON.publisher}.${packageJSON.name}`, extensionPath, packageJSON, isActive: true, extensionKind: 2 },
    environmentVariableCollection: { replace() {}, append() {}, prepend() {}, clear() {} },
  };
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/**
 * Routes `require('vscode')` to whatever `current()` returns at the time of the require: Node's
 * loader resolves the request to STUB_ID and finds an already loaded module under that id in
 * require.cache. Returns a function that uninstalls it.
 */
export function installVscodeStub(current: () => unknown): () => void {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const originalResolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    if (request === 'vscode') return STUB_ID;
    return originalResolve.call(this, request, ...rest);
  };
  const cached = new Module(STUB_ID);
  cached.filename = STUB_ID;
  cached.loaded = true;
  Object.defineProperty(cached, 'exports', { get: current, configurable: true });
  require.cache[STUB_ID] = cached;
  return () => {
    loader._resolveFilename = originalResolve;
    delete require.cache[STUB_ID];
  };
}
