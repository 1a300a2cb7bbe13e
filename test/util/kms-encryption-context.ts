/**
 * About `kms:EncryptionContext:aws:s3:arn`: the evaluator expands variable condition keys only
 * when the variable follows a `/` (`aws:PrincipalTag/${TagKey}`); it drops
 * `kms:EncryptionContext:${EncryptionContextKey}` from the request context as unknown, and the
 * harness refuses a verdict that ignored a key. So, in the policy and in the request alike, the
 * key is renamed to a surrogate the evaluator does support with the same type (a single-valued
 * string) and the same operators: `aws:PrincipalTag/kms-encryption-context-aws-s3-arn`. Nothing
 * else in the policy changes, so every condition of the policy is still evaluated.
 */
export const ENCRYPTION_CONTEXT = 'kms:EncryptionContext:aws:s3:arn';
export const SURROGATE = 'aws:PrincipalTag/kms-encryption-context-aws-s3-arn';

/** `value` (a policy, a case) with the encryption-context key renamed to the surrogate. */
export function withSurrogate<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).split(ENCRYPTION_CONTEXT).join(SURROGATE));
}
