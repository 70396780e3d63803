/*
 * Wording shared by the impact trees and the defect hover (no vscode here, so the hover benchmark
 * and unit tests use exactly what the extension shows).
 */

export const formatCount = (value: number) => value.toLocaleString('en-US');
export const plural = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`;

/** Backslash-escapes every markdown, HTML and theme-icon character of untrusted (customer or tracker) text. */
export const escapeMarkdown = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>&~$:]/g, (c) => `\\${c}`);

/** "$1.2M", "$48K", "$900": ARR at a glance. */
export function formatArr(value: number): string {
  if (value >= 1_000_000) return `$${(value / 1_000_000).toFixed(value >= 10_000_000 ? 0 : 1).replace(/\.0$/, '')}M`;
  if (value >= 1_000) return `$${Math.round(value / 1_000)}K`;
  return `$${Math.round(value)}`;
}

/** Whitespace folded, cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
