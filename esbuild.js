// Builds the extension bundle and the test files.
//   node esbuild.js               development build (sourcemaps, not minified)
//   node esbuild.js --production  what ships in the VSIX: minified, no sourcemap
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also transpile src/, test/ and bench/ to out/ for mocha and the benchmarks
const esbuild = require('esbuild');
const fs = require('fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/**
 * zod is most of the bundle, and only code that validates (settings someone set, webview messages,
 * backend responses) needs it. It ships as dist/zod.js and is required on first use, so activation
 * does not pay for compiling it. zod keeps no state shared with Caselink's modules, so nothing is
 * duplicated across the two files.
 */
const zodOutside = {
  name: 'zod-outside',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, () => ({ path: './zod.js', external: true }));
    // axios likewise: only real backends need it, and they load when a connection is used.
    build.onResolve({ filter: /^axios$/ }, () => ({ path: './axios.js', external: true }));
    // MiniSearch likewise: only the feedback form's duplicate search needs it.
    build.onResolve({ filter: /^minisearch$/ }, () => ({ path: './minisearch.js', external: true }));
  },
};

/**
 * Caselink sends JSON and text only; axios' multipart support would pull in form-data and the whole
 * mime-db (160 KB). A stand-in class keeps axios' `instanceof FormData` checks working.
 */
const noFormData = {
  name: 'no-form-data',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = class FormData {};', loader: 'js' }));
  },
};

/**
 * A library shipped beside the extension bundle as dist/<name>.js, re-exporting `exports` from it.
 * @returns {import('esbuild').BuildOptions}
 */
function sideBundle(name, exports, plugins = []) {
  return {
    stdin: { contents: `export { ${exports} } from '${name}';`, resolveDir: __dirname, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: `dist/${name}.js`,
    minify: production,
    sourcemap: false,
    logLevel: 'warning',
    plugins,
    legalComments: production ? 'external' : 'inline',
  };
}

const ZOD_EXPORTS = ['object', 'string', 'number', 'boolean', 'literal', 'array', 'enum', 'union', 'discriminatedUnion', 'record', 'unknown', 'null', 'iso'];

const axiosBundle = sideBundle('axios', 'default', [noFormData]);
const minisearchBundle = sideBundle('minisearch', 'default');
// Only what Caselink calls, so the rest of zod (locales, JSON schema) is tree-shaken away.
// test/unit/manifest.test.ts checks that src/ uses no other z.* function.
const zodBundle = sideBundle('zod', ZOD_EXPORTS.join(', '));

/** @type {import('esbuild').BuildOptions} */
const extension = {
  plugins: [zodOutside],
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: production ? 'external' : 'inline',
};

/** Webview scripts: one browser bundle per panel, loaded by the panel's HTML with a nonce. */
const webviewEntries = Object.fromEntries(
  (fs.existsSync('src/webview-ui') ? fs.readdirSync('src/webview-ui', { withFileTypes: true }) : [])
    .filter((d) => d.isDirectory() && fs.existsSync(`src/webview-ui/${d.name}/main.ts`))
    .map((d) => [d.name, `src/webview-ui/${d.name}/main.ts`]),
);
const webviews = {
  entryPoints: webviewEntries,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  outdir: 'dist/webview',
  minify: production,
  sourcemap: !production,
  metafile: true,
  logLevel: 'warning',
  legalComments: production ? 'external' : 'inline',
};

/** Codicons for webviews, copied next to the bundles (localResourceRoots allows only media/ and dist/webview/). */
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  fs.mkdirSync('dist/webview/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(`${from}/${file}`, `dist/webview/codicons/${file}`);
}

/** Transpiled file by file (not bundled): mocha and the extension host load them from out/. */
const transpiled = {
  // Only folders that exist: esbuild fails on a glob that matches nothing.
  entryPoints: ['src', 'test', 'bench'].filter((dir) => fs.existsSync(dir)).map((dir) => `${dir}/**/*.ts`),
  outbase: '.',
  outdir: 'out',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

async function main() {
  if (watch) {
    copyCodicons();
    await Promise.all([esbuild.build(zodBundle), esbuild.build(axiosBundle), esbuild.build(minisearchBundle)]);
    const contexts = [await esbuild.context(extension), await esbuild.context(webviews), ...(tests ? [await esbuild.context(transpiled)] : [])];
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching…');
    return;
  }
  const started = Date.now();
  fs.rmSync('dist', { recursive: true, force: true });
  const result = await esbuild.build(extension);
  await Promise.all([esbuild.build(zodBundle), esbuild.build(axiosBundle), esbuild.build(minisearchBundle)]);
  const size = fs.statSync(extension.outfile).size;
  console.log(`[esbuild] ${extension.outfile} ${(size / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  if (Object.keys(webviewEntries).length) {
    const web = await esbuild.build(webviews);
    for (const [file, info] of Object.entries(web.metafile.outputs)) if (file.endsWith('.js')) console.log(`[esbuild] ${file} ${(info.bytes / 1024).toFixed(1)} KB`);
  }
  copyCodicons();
  if (tests) {
    fs.rmSync('out', { recursive: true, force: true });
    await esbuild.build(transpiled);
  }
  fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
  console.log(`[esbuild] done in ${Date.now() - started} ms`);
}

module.exports = { ZOD_EXPORTS };

if (require.main === module) main().catch((err) => {
  console.error(err);
  process.exit(1);
});
