import * as fs from 'fs';
import * as path from 'path';
import type { SecretStore } from '../../src/core/ports/secrets';

/** A secret store that holds one fixed secret (or none), as the tests' stand-in for SecretStorage. */
export const secretsOf = (secret: string | undefined): SecretStore => ({
  get: async () => secret,
  set: async () => {},
  delete: async () => {},
  source: async () => (secret ? 'secretStorage' : 'none'),
});

/** What scripts/servers/up.sh wrote about the running RT and Redmine (URLs, credentials, seeded ids). */
export interface Servers {
  RT_URL: string;
  RT_TOKEN: string;
  RT_AGENT_USER: string;
  RT_AGENT_PASSWORD: string;
  RT_ROOT_USER: string;
  RT_ROOT_PASSWORD: string;
  RT_QUEUE: string;
  RT_TICKET_CONVERSATION: number;
  RT_TICKET_CONVERSATION_REQUESTOR: string;
  RT_TICKET_HTML: number;
  RT_TICKET_ATTACHMENT: number;
  REDMINE_URL: string;
  REDMINE_API_KEY: string;
  REDMINE_ADMIN_KEY: string;
  REDMINE_PROJECT: string;
  REDMINE_ISSUE_MULTI_TICKET: number;
  LINKS: Array<{ issue: number; ticket: number }>;
  [key: string]: unknown;
}

export function loadServers(): Servers {
  const dir = process.env.CASELINK_SERVERS_STATE ?? path.resolve(__dirname, '../../../.vscode-test/servers');
  const file = path.join(dir, 'servers.json');
  if (!fs.existsSync(file)) {
    throw new Error(`The real RT and Redmine servers are not running (no ${file}). Start them with: sudo bash scripts/servers/up.sh`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Servers;
}

/** A raw REST call for test oracles: checks what the server really holds, independent of Caselink's code. */
export async function raw(url: string, headers: Record<string, string>, init: { method?: string; body?: unknown } = {}): Promise<any> {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: { 'Content-Type': 'application/json', ...headers }, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} -> ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}
