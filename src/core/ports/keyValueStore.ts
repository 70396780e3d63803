/** Persistent, non-secret key/value storage (VS Code's Memento in the host; a Map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Promise<void>;
}

export class MemoryKeyValueStore implements KeyValueStore {
  readonly #data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.#data.delete(key);
    else this.#data.set(key, structuredClone(value));
  }
}
