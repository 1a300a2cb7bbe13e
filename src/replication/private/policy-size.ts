import { Aws, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** IAM counts at most 6,144 characters (without whitespace) in a customer managed policy. */
export const MAX_MANAGED_POLICY_CHARS = 6144;

/** IAM attaches at most 10 managed policies to a role (the default quota). */
export const MAX_MANAGED_POLICIES_PER_ROLE = 10;

/** `{"Version":"2012-10-17","Statement":[]}` and a margin for the separators. */
const DOCUMENT_OVERHEAD = 100;

/** The longest a value that is a token can become: a bucket or key ARN in the longest partition. */
const TOKEN_LENGTH = 120;

/** The longest partition name. */
const LONGEST_PARTITION = 'aws-iso-b';

/**
 * Groups statements into as few documents as possible, each within IAM's size limit for a
 * managed policy. Every token counts at its longest possible value, so the estimate never falls
 * short of what IAM will count, and nothing is resolved early (a reference to another stack is
 * only resolvable at synth time).
 */
export function packStatements(statements: iam.PolicyStatement[]): iam.PolicyStatement[][] {
  const budget = MAX_MANAGED_POLICY_CHARS - DOCUMENT_OVERHEAD;
  const groups: Array<{ statements: iam.PolicyStatement[]; size: number }> = [];
  for (const statement of statements) {
    const size = JSON.stringify(worstCase(statement.toStatementJson())).length + 1;
    const group = groups.find((g) => g.size + size <= budget);
    if (group) {
      group.statements.push(statement);
      group.size += size;
    } else {
      groups.push({ statements: [statement], size });
    }
  }
  return groups.map((g) => g.statements);
}

/** `value` with every token in its strings replaced by a placeholder as long as the token can become. */
function worstCase(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!Token.isUnresolved(value)) return value;
    const partition = Tokenization.reverseString(Aws.PARTITION).firstToken;
    return Tokenization.reverseString(value)
      .mapTokens({ mapToken: (token) => (token === partition ? LONGEST_PARTITION : 'x'.repeat(TOKEN_LENGTH)) })
      .join({ join: (left: unknown, right: unknown) => `${left ?? ''}${right ?? ''}` });
  }
  if (Array.isArray(value)) return value.map(worstCase);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, worstCase(v)]));
  }
  return value;
}
