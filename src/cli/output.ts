/**
 * What the CLI prints. One line per step with its timing; colour only on a terminal (and never
 * with NO_COLOR); `--json` prints one JSON object at the end instead; `--quiet` prints errors only.
 * Every line goes through `redact`, so a secret that slipped into a message never reaches a log,
 * and every text it is given through `terminalSafe` (before the colours, which are added here and
 * only here), so control characters and CI workflow commands from a server's names never do.
 * `secrets` is the run's one `SecretRegistry`: the transport a command builds registers tokens,
 * cookies and CSRF tokens in it as they arrive.
 */
import { SecretRegistry } from '../util/redact.js';
import { terminalSafe } from '../util/terminal-safe.js';

export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout/stderr are terminals (colour allowed). */
  isTTY: boolean;
  /**
   * Given, once the run's output exists, the function that prints an error the way a failed
   * command does (redacted, made terminal-safe) and returns its exit code: the executable reports
   * an unhandled rejection through it.
   */
  onReporter?: (report: (error: unknown) => number) => void;
}

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  color: boolean;
}

export interface StepRecord {
  step: string;
  /** Undefined for a line that is part of a step timed on its own line. */
  ms?: number;
  detail?: string;
  status: 'ok' | 'skipped' | 'warning' | 'failed' | 'changed';
}

const CODES = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

export function colorAllowed(io: CliIO, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY && io.env.TERM !== 'dumb';
}

export class Output {
  readonly steps: StepRecord[] = [];
  readonly secrets = new SecretRegistry();

  constructor(
    private readonly io: CliIO,
    readonly options: OutputOptions,
  ) {}

  /** Registers values that must never be printed (client secrets, passwords, tokens). */
  addSecrets(values: Iterable<string | undefined>): void {
    for (const value of values) this.secrets.add(value);
  }

  redact(text: string): string {
    return this.secrets.redact(text);
  }

  /**
   * `text` made safe, in a colour when colours are on. Output's own methods take the style as an
   * argument (`info(text, style)`): text passed to them is made safe again, so a styled string
   * passed in would show its escape codes.
   */
  style(style: Style, text: string): string {
    const safe = this.safe(text);
    if (!this.options.color) return safe;
    const [open, close] = CODES[style];
    return `\u001b[${open}m${safe}\u001b[${close}m`;
  }

  /** Secrets out, then control characters and workflow commands neutralised. */
  private safe(text: string): string {
    return terminalSafe(this.redact(text));
  }

  /** One finished step: `✔ fetch graphql  schemas/tasklist.graphql  (120 ms)`. */
  step(record: StepRecord): void {
    this.steps.push(record);
    if (this.options.json || this.options.quiet) return;
    const mark = {
      ok: this.style('green', '✔'),
      changed: this.style('cyan', '✎'),
      skipped: this.style('dim', '–'),
      warning: this.style('yellow', '!'),
      failed: this.style('red', '✖'),
    }[record.status];
    const detail = record.detail ? `  ${record.detail}` : '';
    const timing = record.ms === undefined ? '' : `  ${this.style('dim', `(${formatMs(record.ms)})`)}`;
    this.io.stdout(this.redact(`${mark} ${this.safe(record.step)}${this.safe(detail)}${timing}\n`));
  }

  /** Runs `fn` as a step and records it with its timing. */
  async time<T>(step: string, fn: () => Promise<T>, describe?: (value: T) => Pick<StepRecord, 'detail' | 'status'>): Promise<T> {
    const started = performance.now();
    const value = await fn();
    const extra = describe?.(value) ?? { status: 'ok' as const };
    this.step({ step, ms: performance.now() - started, ...extra });
    return value;
  }

  info(text: string, style?: Style): void {
    if (this.options.json || this.options.quiet) return;
    this.io.stdout(this.redact(`${style ? this.style(style, text) : this.safe(text)}\n`));
  }

  warn(text: string): void {
    if (this.options.json || this.options.quiet) return;
    this.io.stderr(this.redact(`${this.style('yellow', 'warning')} ${this.safe(text)}\n`));
  }

  /** Errors are printed even with --quiet; with --json they go into the JSON object instead. */
  error(message: string, hint?: string, stack?: string): void {
    if (this.options.json) return;
    let text = `${this.style('red', 'error')} ${this.safe(message)}\n`;
    if (hint) text += `${this.style('dim', 'hint')}  ${this.safe(hint)}\n`;
    if (stack) text += `${this.safe(stack)}\n`;
    this.io.stderr(this.redact(text));
  }

  /** The one object `--json` prints at the end. */
  json(value: Record<string, unknown>): void {
    if (!this.options.json) return;
    this.io.stdout(
      this.safe(
        `${JSON.stringify({ ...value, steps: this.steps.map((s) => (s.ms === undefined ? s : { ...s, ms: Math.round(s.ms) })) }, null, 2)}\n`,
      ),
    );
  }

  raw(text: string): void {
    this.io.stdout(this.safe(text));
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
