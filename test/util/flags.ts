import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The feature flags users' apps have, for tests that must hold whatever `cdk.json` says
 * (docs/adr/0031-feature-flags-users-have.md):
 *
 * - `none`: a bare `App`, as every other test uses (aws-cdk-lib's unconfigured behaviour);
 * - `recommended`: what `cdk init` writes into a new app's cdk.json: aws-cdk-lib's
 *   `recommended-feature-flags.json` of the pinned aws-cdk-lib in node_modules, read at test time
 *   (a new aws-cdk-lib brings its new flags into the matrix by itself);
 * - `older`: an app created before weak cross-stack references (`@aws-cdk/core:defaultCrossStackReferences`
 *   came in 2.254.0 and is absent from its cdk.json, so references are strong: exports and
 *   `Fn::ImportValue`) that turned on `@aws-cdk/aws-kms:aliasNameRef` (Alias.aliasName is then a
 *   `Ref` of the alias, a reference when read from another stack).
 */
export type FlagSetName = 'none' | 'recommended' | 'older';

/** The names of the flag sets, in the order tables show them. */
export const FLAG_SET_NAMES: readonly FlagSetName[] = ['none', 'recommended', 'older'];

/** The path of aws-cdk-lib's `recommended-feature-flags.json` that `cdk init` copies. */
export const RECOMMENDED_FLAGS_FILE = require.resolve('aws-cdk-lib/recommended-feature-flags.json');

/** aws-cdk-lib's recommended flags, read from node_modules (never a copy). */
export function recommendedFlags(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(RECOMMENDED_FLAGS_FILE, 'utf-8'));
}

/** The context each flag set puts into an app. */
export const FLAG_SETS: Readonly<Record<FlagSetName, () => Record<string, unknown>>> = {
  none: () => ({}),
  recommended: recommendedFlags,
  older: () => ({ [cxapi.KMS_ALIAS_NAME_REF]: true }),
};

/** The context of a flag set (a fresh object each call). */
export function flagContext(name: FlagSetName): Record<string, unknown> {
  return { ...FLAG_SETS[name]() };
}

/** A new `App` with the context of a flag set (merged under `props.context`, which wins). */
export function appWithFlags(name: FlagSetName, props: AppProps = {}): App {
  return new App({ ...props, context: { ...flagContext(name), ...props.context } });
}

/** The version of the aws-cdk-lib whose recommended flags are read, for reports. */
export function awsCdkLibVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(RECOMMENDED_FLAGS_FILE), 'package.json'), 'utf-8')).version;
}
