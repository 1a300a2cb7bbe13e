/**
 * The wall time of each step of a projen task, from its log: `.ci/run` runs `npx projen verify`
 * through this script, which passes every line of its output on unchanged and, at the end (also
 * when the task fails), prints a table of the steps in the order they ran, with their wall time and
 * share of the total; it exits with the task's exit code.
 *
 *   ts-node scripts/ci-steps.ts [--before 'npm ci=63'] [--file FILE] -- npx projen verify
 *
 * projen logs `👾 <task path> | <command>` to stderr as each command of a task starts (a spawned
 * task's path is `verify » build » compile`); a step lasts until the next command starts, or the
 * output ends. Lines of a nested `npx projen` (a task path that does not start with the first task
 * seen) count towards the step that started it. `--before` adds steps that ran before the piped
 * command (`.ci/run` times `npm ci` itself); `--file` also writes the table there.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as readline from 'readline';

/** One command of a task and how long it ran. */
export interface Step {
  readonly task: string;
  readonly command: string;
  readonly seconds: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const STEP = /^👾 (.+?) \| (.*)$/;

/** Parses one log line: the task path and command of a step that starts, or undefined. */
export function stepStart(line: string): { task: string; command: string } | undefined {
  const m = STEP.exec(line.replace(ANSI, ''));
  if (!m) return undefined;
  const [, task, command] = m;
  // Conditions and skips are logged with the task path too; they start no command.
  if (command.startsWith('condition')) return undefined;
  return { task: task.trim(), command: command.trim() };
}

/** The table printed at the end: one row per step, then the total. */
export function formatSteps(steps: readonly Step[]): string {
  const total = steps.reduce((sum, s) => sum + s.seconds, 0);
  const width = Math.max(4, ...steps.map((s) => s.task.length));
  const lines = [`${'step'.padEnd(width)}  wall s  share  command`];
  for (const s of steps) {
    const share = total > 0 ? `${((100 * s.seconds) / total).toFixed(0)}%` : '-';
    const command = s.command.length > 60 ? `${s.command.slice(0, 57)}...` : s.command;
    lines.push(`${s.task.padEnd(width)}  ${s.seconds.toFixed(0).padStart(6)}  ${share.padStart(5)}  ${command}`);
  }
  lines.push(`${'total'.padEnd(width)}  ${total.toFixed(0).padStart(6)}  (${(total / 60).toFixed(1)} min)`);
  return lines.join('\n');
}

async function main(args: string[]): Promise<number> {
  const dashes = args.indexOf('--');
  if (dashes < 0 || dashes === args.length - 1) throw new Error('usage: ci-steps.ts [--before NAME=SECONDS] [--file FILE] -- COMMAND...');
  const options = args.slice(0, dashes);
  const command = args.slice(dashes + 1);
  const steps: Step[] = [];
  options.forEach((a, i) => {
    if (a !== '--before') return;
    const [task, seconds] = options[i + 1].split('=');
    steps.push({ task, command: '(before the task)', seconds: Number(seconds) });
  });
  const fileAt = options.indexOf('--file');
  const file = fileAt >= 0 ? options[fileAt + 1] : undefined;

  let root: string | undefined;
  let current: { task: string; command: string; started: number } | undefined;
  // Each step's time is also printed as it ends, so a run stopped from outside (a CI timeout) still tells.
  const close = (now: number) => {
    if (!current) return;
    const step = { task: current.task, command: current.command, seconds: (now - current.started) / 1000 };
    steps.push(step);
    process.stdout.write(`ci-steps: ${step.task} took ${step.seconds.toFixed(0)} s\n`);
  };
  const onLine = (line: string, out: NodeJS.WriteStream) => {
    const start = stepStart(line);
    root ??= start?.task.split(' » ')[0];
    if (start && root && start.task.startsWith(root)) {
      const now = Date.now();
      close(now);
      current = { ...start, task: start.task.split(' » ').slice(1).join(' » ') || start.task, started: now };
    }
    out.write(`${line}\n`);
  };

  const child = spawn(command[0], command.slice(1), { stdio: ['inherit', 'pipe', 'pipe'] });
  readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (l) => onLine(l, process.stdout));
  // One ordered log: the task's errors go to stdout too.
  readline.createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (l) => onLine(l, process.stdout));
  const code = await new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  close(Date.now());
  const table = formatSteps(steps);
  process.stdout.write(`\nwall time per step (${command.join(' ')} exited ${code}):\n${table}\n`);
  if (file) fs.writeFileSync(file, `${table}\n`);
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(1);
  });
}
