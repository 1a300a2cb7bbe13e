/**
 * Synthesizes the configurations of the transition table, each once per run (a cache by name).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AppModel, appModel } from './checker';

/** A configuration: a name (the cache key) and what it puts in a fresh app. */
export interface Configuration {
  readonly name: string;
  readonly build: (app: App) => void;
}

const cache = new Map<string, AppModel>();
const built = new Map<string, Configuration>();

/** Milliseconds spent synthesizing in this process, and how many configurations. */
export const synthStats = { ms: 0, count: 0 };

/** The app model of a configuration, synthesized into its own cloud assembly once per process. */
export function synthesize(config: Configuration): AppModel {
  const seen = built.get(config.name);
  if (seen && seen !== config) throw new Error(`two configurations are named ${config.name}`);
  built.set(config.name, config);
  let model = cache.get(config.name);
  if (!model) {
    const start = Date.now();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'transition-'));
    const app = new App({ outdir });
    config.build(app);
    model = appModel(app.synth() as CloudAssembly);
    fs.rmSync(outdir, { recursive: true, force: true });
    synthStats.ms += Date.now() - start;
    synthStats.count += 1;
    cache.set(config.name, model);
  }
  return model;
}
