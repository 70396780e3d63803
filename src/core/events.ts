/** A minimal event emitter with the same shape as vscode.Event, so core stays vscode-free. */
export type Listener<T> = (value: T) => void;
export interface Disposable {
  dispose(): void;
}
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> implements Disposable {
  #listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch {
        // A failing listener must not stop the others; listeners log their own errors.
      }
    }
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
