import { Token } from 'aws-cdk-lib';

/**
 * How two accounts relate at synth time:
 * - `same`: the same string, a literal or the same token (the `AWS::AccountId` of two
 *   environment-agnostic stacks, which deploy to one account);
 * - `cross`: two literals that differ;
 * - `unknown`: anything else (a literal and a token, or two different tokens), where the app
 *   cannot tell and must not guess.
 */
export type AccountRelation = 'same' | 'cross' | 'unknown';

/** The relation of two accounts; see {@link AccountRelation}. */
export function accountRelation(a: string | undefined, b: string | undefined): AccountRelation {
  if (a === undefined || b === undefined) return 'unknown';
  if (a === b) return 'same';
  if (Token.isUnresolved(a) || Token.isUnresolved(b)) return 'unknown';
  return 'cross';
}

/** An account for an error message: the literal, or "a token". */
export function describeAccount(account: string | undefined): string {
  if (account === undefined) return 'no account';
  return Token.isUnresolved(account) ? 'an account that is a token' : `account ${account}`;
}
