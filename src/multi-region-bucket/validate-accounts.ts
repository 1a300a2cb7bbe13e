/**
 * The accounts of the buckets: the default account, each Region's (from `accounts` or
 * `regionalStacks`), and what may be read across accounts.
 */
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DistributionOrigin } from './distribution-origin';
import { MultiRegionBucketProps } from './props';
import { validateAccountId, validationError } from '../private/validation';

/**
 * The account of the stacks given as `regionalStacks` and `globalStack`, when they have a literal
 * one (the construct never reads the environment: the app decides where it deploys).
 */
function accountOfGivenStacks(props: MultiRegionBucketProps): string | undefined {
  // The global stack's account is the default account; without one, the Regional stacks' (when
  // they agree: with several, `account` must say which is the default).
  if (props.globalStack && !Token.isUnresolved(props.globalStack.account)) return props.globalStack.account;
  const accounts = [...new Set((props.regionalStacks ?? []).map((stack) => stack.account).filter((account) => !Token.isUnresolved(account)))];
  return accounts.length === 1 ? accounts[0] : undefined;
}

/** The default account: `account`, or the literal account of the given stacks. */
export function defaultAccountOf(scope: Construct, props: MultiRegionBucketProps): string {
  const account = props.account ?? accountOfGivenStacks(props);
  if (account === undefined) {
    throw validationError(scope, "'account' must be set (for example to process.env.CDK_DEFAULT_ACCOUNT, which the CDK CLI sets from your "
      + 'credentials): stacks in several Regions can only name each other\'s buckets in a known account; got none');
  }
  return account;
}

/**
 * The account of every Region: the account of its stack in `regionalStacks`, else its entry of
 * `accounts`, else the default account. Every account is a literal 12-digit ID, because each side
 * computes the other side's names (buckets, roles, key aliases) at synth time.
 */
export function accountsOf(scope: Construct, props: MultiRegionBucketProps, account: string): Map<string, string> {
  const overrides = props.accounts ?? {};
  if (Token.isUnresolved(overrides)) {
    throw validationError(scope, "'accounts' must be a literal map from Region to account ID (each side names the other side's buckets and roles at synth time), got a token");
  }
  for (const [region, value] of Object.entries(overrides)) {
    if (Token.isUnresolved(region) || !props.regions.includes(region)) {
      throw validationError(scope, `'accounts' must name Regions of 'regions' (${props.regions.join(', ')}), got ${Token.isUnresolved(region) ? 'a token' : `'${region}'`}; `
        + 'add the Region to \'regions\' or remove its entry');
    }
    if (Token.isUnresolved(value)) {
      throw validationError(scope, `'accounts.${region}' must be a literal 12-digit account ID (the stacks of other accounts name this Region's bucket, role and key at synth time, `
        + 'and no value may cross accounts at deploy time), got a token; pass the ID itself');
    }
    validateAccountId(scope, `accounts.${region}`, value);
  }
  const accounts = new Map<string, string>();
  for (const region of props.regions) {
    const override = overrides[region];
    const index = (props.regionalStacks ?? []).findIndex((s) => s.region === region);
    const stack = index >= 0 ? props.regionalStacks![index] : undefined;
    if (stack && !Token.isUnresolved(stack.account)) {
      if (override !== undefined && override !== stack.account) {
        throw validationError(scope, `'accounts.${region}' must be the account of the stack given for ${region} in 'regionalStacks' (${stack.account}), got ${override}; `
          + 'with regionalStacks each stack\'s env.account decides, so remove the entry or fix it');
      }
      accounts.set(region, stack.account);
    } else if (stack) {
      // An environment-agnostic account: only possible where it is the default account.
      if (override !== undefined && override !== account) {
        throw validationError(scope, `'regionalStacks[${index}]' must have a literal account (env.account) to be in account ${override} ('accounts.${region}'), `
          + 'got a stack whose account is a token; set env: { account, region } on it');
      }
      accounts.set(region, account);
    } else {
      accounts.set(region, override ?? account);
    }
  }
  const globalAccount = props.globalStack?.account;
  if (globalAccount !== undefined && !Token.isUnresolved(globalAccount) && globalAccount !== account) {
    throw validationError(scope, `'globalStack' must be in 'account' (${account}), the account of the access point and of every Region without an entry in 'accounts', `
      + `got a stack in ${globalAccount}; pass a global stack of ${account}, or set 'account' to ${globalAccount}`);
  }
  const several = new Set(accounts.values()).size > 1;
  if (several && props.globalStack && Token.isUnresolved(props.globalStack.account)) {
    throw validationError(scope, `'globalStack' must have a literal account (env.account) when the Regions are in several accounts (${[...new Set(accounts.values())].join(', ')}), got a token; `
      + 'set env: { account, region } on it');
  }
  return accounts;
}

/**
 * What a distribution in the global stack's account can read in other accounts: through the
 * access point, buckets whose owners delegate to it (the access point's account) and whose keys
 * admit the distributions of its account; never a bucket of another account as a Regional
 * failover origin, whose bucket policy admits only the distributions of its own account.
 */
export function validateDistributionAccounts(scope: Construct, props: MultiRegionBucketProps, account: string, accounts: Map<string, string>): void {
  if (!props.distribution) return;
  const foreign = props.regions.filter((r) => accounts.get(r) !== account);
  if (foreign.length === 0) return;
  const origin = props.distribution.origin ?? DistributionOrigin.multiRegionAccessPoint();
  const where = (regions: string[]) => regions.map((r) => `${r} (account ${accounts.get(r)})`).join(', ');
  if (!origin._throughAccessPoint) {
    const primary = props.primaryRegion ?? props.regions[0];
    const fallback = origin._failoverOptions?.fallbackRegion ?? props.regions.find((r) => r !== primary)!;
    const outside = [primary, fallback].filter((r) => foreign.includes(r));
    if (outside.length > 0) {
      throw validationError(scope, `'distribution.origin' DistributionOrigin.regionalFailover() must read buckets of account ${account} (the distribution's, in the global stack), got ${where(outside)}: `
        + "a bucket's policy admits only the CloudFront distributions of its own account; use DistributionOrigin.multiRegionAccessPoint(), "
        + `or a 'primaryRegion' and 'fallbackRegion' of account ${account}`);
    }
  }
}
