/**
 * One instance of aws-cdk-lib's built-in CloudFormation validation per jest worker, not one per suite.
 *
 * Every synthesis runs aws-cdk-lib's `CloudFormationValidatePlugin` (a WebAssembly engine) over its
 * templates, unless CDK_VALIDATION=false. aws-cdk-lib keeps one plugin per process, "because
 * initializing the engine is somewhat expensive, which makes a noticeable difference in tests"
 * (its `_singletonInstance`). jest loads aws-cdk-lib afresh for every suite, so every suite built
 * its own engine: about 2 s of CPU each, 42% of the CPU of the construct suites (docs/adr/0043).
 *
 * The first plugin of a worker is kept on a Node built-in module (`v8`: jest hands every suite the
 * same built-in modules) and each later suite's aws-cdk-lib returns it. Validation is unchanged:
 * the same engine, rules and options for every synthesis, as in one `cdk synth` process. Should
 * aws-cdk-lib stop having `_singletonInstance`, this does nothing and each suite builds its own.
 */
import { CloudFormationValidatePlugin } from 'aws-cdk-lib';

interface Holder { cdkMultiRegionBucketValidatePlugin?: CloudFormationValidatePlugin }
interface SingletonClass { _singletonInstance?: () => CloudFormationValidatePlugin }

/** Where the worker's plugin is kept: a Node built-in module, the same object in every suite. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const WORKER: Holder = require('v8');

/**
 * Makes `pluginClass` (one suite's copy of aws-cdk-lib's CloudFormationValidatePlugin) hand out the
 * worker's plugin, creating it the first time; returns false when aws-cdk-lib has no singleton.
 */
export function shareValidationPlugin(pluginClass: typeof CloudFormationValidatePlugin): boolean {
  const cls = pluginClass as unknown as SingletonClass;
  const ownSingleton = cls._singletonInstance;
  if (typeof ownSingleton !== 'function') return false;
  cls._singletonInstance = () => {
    WORKER.cdkMultiRegionBucketValidatePlugin ??= ownSingleton.call(pluginClass);
    return WORKER.cdkMultiRegionBucketValidatePlugin;
  };
  return true;
}

shareValidationPlugin(CloudFormationValidatePlugin);
