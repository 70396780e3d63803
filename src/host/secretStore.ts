import type * as vscode from 'vscode';
import { secretEnvVar } from '../core/model/connection';
import type { SecretStore } from '../core/ports/secrets';

const key = (connectionId: string) => `caselink.connection.${connectionId}.secret`;

/**
 * Secrets live only in VS Code's SecretStorage (the OS keychain on desktop). For headless use and
 * automation, CASELINK_SECRET_<ID> in the environment takes precedence and is never written anywhere.
 */
export class VscodeSecretStore implements SecretStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async get(connectionId: string): Promise<string | undefined> {
    const fromEnv = this.env[secretEnvVar(connectionId)];
    if (fromEnv) return fromEnv;
    return (await this.secrets.get(key(connectionId))) || undefined;
  }

  async set(connectionId: string, secret: string): Promise<void> {
    await this.secrets.store(key(connectionId), secret);
  }

  async delete(connectionId: string): Promise<void> {
    await this.secrets.delete(key(connectionId));
  }

  async source(connectionId: string): Promise<'environment' | 'secretStorage' | 'none'> {
    if (this.env[secretEnvVar(connectionId)]) return 'environment';
    return (await this.secrets.get(key(connectionId))) ? 'secretStorage' : 'none';
  }
}
