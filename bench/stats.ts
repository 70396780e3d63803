// Small helpers shared by the benchmarks: summary statistics, GC and heap figures, a child-process runner.
import { fork } from 'child_process';

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

/** Nearest-rank percentile (p in 0..100) of numbers sorted ascending. */
function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, median, p95: percentileOfSorted(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** A full collection, so a timed run does not pay for the previous run's garbage. Needs --expose-gc. */
export function gc(): void {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  globalThis.gc();
}

/** Heap used after two full collections (the second catches what the first left to finalisers), in bytes. */
export function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Times `fn` `runs` times, each after a full GC; returns the samples in ms. */
export async function time(runs: number, fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Sends a worker's result to bench/run.js, or prints it when the worker runs on its own. */
export function report(result: unknown): void {
  if (process.send) process.send(result);
  else console.log(JSON.stringify(result, null, 2));
}

/**
 * Runs a bench worker in a fresh Node process with --expose-gc and resolves with the one message it
 * sends back. Its stdout and stderr pass through, so a crash is visible.
 */
export function runChild<T>(script: string, args: readonly string[] = [], execArgv: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [...args], { execArgv: ['--expose-gc', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: T | undefined;
    let received = false;
    child.on('message', (m) => {
      result = m as T;
      received = true;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && received) resolve(result as T);
      else reject(new Error(`${script} ${args.join(' ')} exited with ${signal ?? code}${received ? '' : ' without a result'}`));
    });
  });
}

export const ms = (v: number, digits = 2): string => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
