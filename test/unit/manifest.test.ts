import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Commands, InternalCommands } from '../../src/commands/commandIds';
import { SETTING_KEYS } from '../../src/core/settings';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json manifest', () => {
  const contributed: Array<{ command: string; title: string; category?: string; icon?: string }> = pkg.contributes.commands;

  it('contributes exactly the commands the code registers', () => {
    assert.deepStrictEqual(contributed.map((c) => c.command).sort(), Object.values(Commands).sort());
  });

  it('gives every command a title, the Caselink category and an icon', () => {
    for (const c of contributed) {
      assert.ok(c.title, `${c.command} has a title`);
      assert.strictEqual(c.category, 'Caselink', `${c.command} category`);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} icon`);
    }
  });

  it('keeps internal commands out of the manifest', () => {
    for (const id of Object.values(InternalCommands)) assert.ok(!contributed.some((c) => c.command === id));
  });

  it('only refers to known commands and views in menus, keybindings and welcome content', () => {
    const known = new Set<string>(Object.values(Commands));
    for (const [menu, entries] of Object.entries<Array<{ command: string }>>(pkg.contributes.menus)) {
      for (const e of entries) assert.ok(known.has(e.command), `${menu} refers to unknown ${e.command}`);
    }
    for (const k of pkg.contributes.keybindings) assert.ok(known.has(k.command), `keybinding for unknown ${k.command}`);
    const views = new Set(Object.values<Array<{ id: string }>>(pkg.contributes.views).flat().map((v) => v.id));
    for (const w of pkg.contributes.viewsWelcome) {
      assert.ok(views.has(w.view), `welcome content for unknown view ${w.view}`);
      for (const m of w.contents.matchAll(/command:([\w.]+)/g)) assert.ok(known.has(m[1]), `welcome links unknown ${m[1]}`);
    }
  });

  it('describes every setting the code reads, and nothing else', () => {
    const props = Object.keys(pkg.contributes.configuration.properties);
    assert.deepStrictEqual(props.sort(), SETTING_KEYS.map((k) => `caselink.${k}`).sort());
    for (const [key, spec] of Object.entries<{ description?: string; markdownDescription?: string }>(pkg.contributes.configuration.properties)) {
      assert.ok(spec.description || spec.markdownDescription, `${key} has a description`);
    }
  });

  it('targets VS Code 1.100 with matching types, and activates lazily', () => {
    assert.strictEqual(pkg.engines.vscode, '^1.100.0');
    assert.strictEqual(pkg.devDependencies['@types/vscode'], '1.100.0');
    // Views and commands activate implicitly; the only explicit events restore case and dashboard tabs after a reload.
    assert.deepStrictEqual(pkg.activationEvents, ['onWebviewPanel:caselink.case', 'onWebviewPanel:caselink.impact']);
    assert.strictEqual(pkg.main, './dist/extension.js');
  });

  it('ships walkthrough media that exists', () => {
    for (const w of pkg.contributes.walkthroughs) {
      for (const s of w.steps) if (s.media.markdown) assert.ok(fs.existsSync(path.join(root, s.media.markdown)), s.media.markdown);
    }
    assert.ok(fs.existsSync(path.join(root, pkg.contributes.viewsContainers.activitybar[0].icon)));
  });

  it('ships every zod function the extension calls in dist/zod.js (esbuild.js ZOD_EXPORTS)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ZOD_EXPORTS } = require(path.join(root, 'esbuild.js')) as { ZOD_EXPORTS: string[] };
    const typeOnly = new Set(['infer', 'input', 'output', 'ZodType', 'ZodError', 'core']);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'webview-ui') walk(path.join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
      }
    };
    walk(path.join(root, 'src'));
    const used = new Set(files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\bz\.([A-Za-z_$]+)/g)].map((m) => m[1])));
    const missing = [...used].filter((name) => !typeOnly.has(name) && !ZOD_EXPORTS.includes(name));
    assert.deepStrictEqual(missing, [], 'add these to ZOD_EXPORTS in esbuild.js');
    assert.ok(used.has('object') && used.has('string'));
  });
});
