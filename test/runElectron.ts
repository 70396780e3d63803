// For developers with desktop VS Code: runs the same integration suite with @vscode/test-electron.
//   npm run test:electron                       downloads VS Code 1.100 (needs the internet)
//   VSCODE_EXECUTABLE=/path/to/code npm run test:electron   uses an installed VS Code, offline
// CI here has no desktop VS Code and cannot download one: it runs the suite in code-server instead
// (scripts/ext-test.sh), with the very same out/test/integration/index.js.
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/integration/index.js'),
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: '1.100.3' }),
    extensionTestsEnv: { CASELINK_TEST: '1' },
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err) => {
  console.error('Integration tests failed:', err);
  process.exit(1);
});
