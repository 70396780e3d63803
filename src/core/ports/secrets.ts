/** Connection secrets (tokens, API keys, passwords). Only the host's SecretStorage adapter implements it. */
export interface SecretStore {
  /** The secret for a connection, or undefined when the user has not signed in. */
  get(connectionId: string): Promise<string | undefined>;
  set(connectionId: string, secret: string): Promise<void>;
  delete(connectionId: string): Promise<void>;
  /** Where the secret comes from, for messages: never the secret itself. */
  source(connectionId: string): Promise<'environment' | 'secretStorage' | 'none'>;
}
