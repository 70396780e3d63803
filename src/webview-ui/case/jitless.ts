import { config } from 'zod';

/**
 * Imported first by main.ts, before anything that builds a zod schema: the webview's CSP has no
 * 'unsafe-eval', and zod otherwise probes `new Function` while building object schemas, which the
 * CSP blocks and reports as a violation. Parsing works the same without the JIT.
 */
config({ jitless: true });
