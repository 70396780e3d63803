import * as vscode from 'vscode';
import { inspect } from 'util';
import type { Logger } from '../core/ports/logger';
import { redact } from '../core/redact';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

function render(message: string | Error, args: unknown[]): string {
  const head = message instanceof Error ? (message.stack ?? message.message) : message;
  const tail = args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : inspect(a, { depth: 4, breakLength: 160 })));
  return redact([head, ...tail].join(' '));
}

/**
 * The core Logger on a LogOutputChannel. Users choose the level with "Developer: Set Log Level";
 * every line is redacted. With CI set, lines are mirrored to the console, where the test driver sees them.
 */
export class ChannelLogger implements Logger {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly component = '',
    private readonly mirror = !!process.env.CI,
  ) {}

  #write(level: Level, message: string | Error, args: unknown[]): void {
    const line = (this.component ? `[${this.component}] ` : '') + render(message, args);
    this.channel[level](line);
    if (this.mirror && (level === 'warn' || level === 'error')) console.log(`[caselink ${level}] ${line}`);
  }

  trace(message: string, ...args: unknown[]): void {
    this.#write('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.#write('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.#write('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.#write('warn', message, args);
  }
  error(message: string | Error, ...args: unknown[]): void {
    this.#write('error', message, args);
  }
  child(component: string): Logger {
    return new ChannelLogger(this.channel, this.component ? `${this.component}/${component}` : component, this.mirror);
  }
}
