// Entry point the extension host loads (extensionTestsPath). Runs every *.test.js next to it with
// mocha, inside the real VS Code API, and prints the end-of-run marker the driver requires.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // Map stack traces to src/*.ts; the extension host's own prepareStackTrace hook bypasses Node's.
  require('source-map-support').install();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, tests: 0, pending: 0 };
      console.log(`##ext-tests-done ${JSON.stringify({ passes: stats.passes, failures, pending: stats.pending, tests: stats.tests })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
