import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const src = path.resolve(__dirname, '../../../src');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/** The dependency rule of shared/STYLE.md: UI -> core <- backends. */
describe('architecture', () => {
  const rules: Array<{ folder: string; forbidden: RegExp; why: string }> = [
    { folder: 'core', forbidden: /^(vscode|axios)$|\/(backends|views|commands|webviews|host)\//, why: 'core is plain TypeScript: domain, ports, services' },
    { folder: 'backends', forbidden: /^vscode$|\/(views|commands|webviews|host)\//, why: 'backends implement core ports without VS Code' },
    { folder: 'protocol', forbidden: /^vscode$/, why: 'the webview protocol is shared with the browser side' },
    { folder: 'views', forbidden: /\/backends\//, why: 'views get ports, never backends' },
    { folder: 'commands', forbidden: /\/backends\//, why: 'commands get ports, never backends' },
  ];
  for (const rule of rules) {
    it(`${rule.folder}/ respects the dependency rule (${rule.why})`, () => {
      const offenders = filesUnder(path.join(src, rule.folder)).flatMap((f) =>
        imports(f).filter((i) => rule.forbidden.test(i)).map((i) => `${path.relative(src, f)} imports ${i}`),
      );
      assert.deepStrictEqual(offenders, []);
    });
  }

  it('keeps axios inside backends/http', () => {
    const offenders = filesUnder(src).filter((f) => !f.includes(`${path.sep}backends${path.sep}http${path.sep}`) && imports(f).includes('axios'));
    assert.deepStrictEqual(offenders, []);
  });

  it('keeps workspace.getConfiguration in host/config.ts', () => {
    const offenders = filesUnder(src)
      .filter((f) => fs.readFileSync(f, 'utf8').includes('getConfiguration('))
      .map((f) => path.relative(src, f))
      .filter((f) => f !== path.join('host', 'config.ts'));
    assert.deepStrictEqual(offenders, []);
  });
});
