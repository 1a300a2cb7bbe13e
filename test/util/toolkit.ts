import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Toolkit } from '@aws-cdk/toolkit-lib';
import { Stage } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * Synthesis as the CDK CLI does it: through `@aws-cdk/toolkit-lib`, the programmatic toolkit the
 * `cdk` command is built on, and with the messages it would print. Tests that assert a warning or
 * an error use this, never construct metadata: an annotation that is in no stack artifact (for
 * example on a construct outside every stack) is never printed by `cdk synth`, so it is not here
 * either (shared/USER-VIEW.md, "Annotations reach the user per stack").
 */

/** One annotation as the toolkit reports it. */
export interface CliAnnotation {
  /** 'error', 'warning' or 'info'. */
  readonly severity: string;
  /** The id a user acknowledges (`cdk-multi-region-bucket:unknownRegion`); aws-cdk-lib's own errors have `error-annotation`. */
  readonly id: string;
  /** The text the user reads. */
  readonly message: string;
  /** The construct paths the toolkit names for it. */
  readonly paths: string[];
}

/** What one synthesis printed. */
export interface CliSynthesis {
  /** Every annotation the toolkit reported, in its order. */
  readonly annotations: CliAnnotation[];
  /** The warnings. */
  readonly warnings: CliAnnotation[];
  /** The errors (annotations of severity error). */
  readonly errors: CliAnnotation[];
  /** Every message the toolkit printed at info level or above, as text (what a user reads in the terminal). */
  readonly printed: string[];
  /** Set when synthesis failed (an error annotation, or the app threw): the error the CLI exits with. */
  readonly failure?: Error;
  /** The cloud assembly, when synthesis produced one. */
  readonly assembly?: cxapi.CloudAssembly;
}

interface IoMessage {
  readonly level: string;
  readonly code?: string;
  readonly message: string;
  readonly data?: unknown;
}

interface ValidationReport {
  readonly pluginReports?: Array<{
    readonly pluginName?: string;
    readonly violations?: Array<{
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingConstructs?: Array<{ readonly constructPath?: string }>;
    }>;
  }>;
}

const PRINTED_LEVELS = new Set(['info', 'warn', 'error', 'result']);

/**
 * Synthesizes `app` (or what `build` returns) through the toolkit and returns what it printed.
 * Never throws for a failed synthesis: the failure is in `failure`, the messages that explain it in
 * `annotations` and `printed`. `build` runs inside the toolkit, as a CDK app does under `cdk synth`.
 */
export async function synthAsCli(app: Stage | (() => Stage)): Promise<CliSynthesis> {
  const { toolkit, messages } = recordingToolkit();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-synth-'));
  let assembly: cxapi.CloudAssembly | undefined;
  let failure: Error | undefined;
  try {
    const source = await toolkit.fromAssemblyBuilder(async () => {
      const stage = typeof app === 'function' ? app() : app;
      assembly = stage.synth();
      return assembly;
    }, { outdir });
    const cached = await toolkit.synth(source);
    await cached.dispose();
  } catch (e) {
    failure = withCauses(e);
  }
  return reportOf(messages, failure, assembly);
}

/**
 * What `cdk synth` prints for a cloud assembly already on disk (an app synthesized by its own
 * `app.synth()`, as the examples are): the toolkit reads the directory as the CLI's `--app <dir>` does.
 */
export async function synthDirectoryAsCli(directory: string): Promise<CliSynthesis> {
  const { toolkit, messages } = recordingToolkit();
  let failure: Error | undefined;
  try {
    const cached = await toolkit.synth(await toolkit.fromAssemblyDirectory(directory));
    await cached.dispose();
  } catch (e) {
    failure = withCauses(e);
  }
  return reportOf(messages, failure, new cxapi.CloudAssembly(directory));
}

/** A toolkit whose messages are kept, in order. */
function recordingToolkit(): { toolkit: Toolkit; messages: IoMessage[] } {
  const messages: IoMessage[] = [];
  const toolkit = new Toolkit({
    ioHost: {
      notify: async (msg: IoMessage) => { messages.push(msg); },
      requestResponse: async (msg: { defaultResponse: unknown }) => msg.defaultResponse as never,
    } as never,
  });
  return { toolkit, messages };
}

/** The annotations and printed text of one synthesis. */
function reportOf(messages: IoMessage[], failure: Error | undefined, assembly: cxapi.CloudAssembly | undefined): CliSynthesis {
  const annotations: CliAnnotation[] = [];
  for (const msg of messages) {
    const report = msg.data as ValidationReport | undefined;
    for (const plugin of report?.pluginReports ?? []) {
      for (const violation of plugin.violations ?? []) {
        annotations.push({
          severity: violation.severity ?? 'error',
          id: violation.ruleName,
          message: violation.description,
          paths: (violation.violatingConstructs ?? []).map((c) => c.constructPath ?? ''),
        });
      }
    }
  }
  return {
    annotations,
    warnings: annotations.filter((a) => a.severity === 'warning'),
    errors: annotations.filter((a) => a.severity === 'error'),
    printed: messages.filter((m) => PRINTED_LEVELS.has(m.level)).map((m) => m.message),
    failure,
    assembly,
  };
}

/** The error with the messages of its causes appended (the toolkit wraps the app's own error as `cause`). */
function withCauses(e: unknown): Error {
  const parts: string[] = [];
  for (let cur: unknown = e; cur !== undefined && parts.length < 5; cur = (cur as { cause?: unknown }).cause) {
    parts.push(cur instanceof Error ? cur.message : String(cur));
    if (!(cur instanceof Error)) break;
  }
  const error = new Error(parts.join(': '));
  (error as { cause?: unknown }).cause = e;
  return error;
}

/** The ids of the warnings `cdk synth` prints for `app`, sorted and distinct. */
export async function cliWarningIds(app: Stage | (() => Stage)): Promise<string[]> {
  const result = await synthAsCli(app);
  return [...new Set(result.warnings.map((w) => w.id))].sort();
}

/**
 * The warnings of id `id` that `cdk synth` prints for `app`, with their text (the `[ack: ...]` tag
 * is not part of it) and construct paths. Throws the synthesis failure, if any.
 */
export async function cliWarnings(app: Stage | (() => Stage), id: string): Promise<CliAnnotation[]> {
  const result = await synthAsCli(app);
  if (result.failure) throw result.failure;
  return result.warnings.filter((w) => w.id === id);
}
