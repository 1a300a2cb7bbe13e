/**
 * Jest snapshot serializer: replaces asset hashes (64 hex characters, as in `<hash>.zip` or an
 * asset image tag) with a fixed placeholder, so a snapshot changes only when the template does,
 * not when a Lambda bundle or aws-cdk-lib's own handler code changes.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;
const PLACEHOLDER = 'ASSET-HASH';

/** Handles every string that contains an asset hash. */
export function test(value: unknown): boolean {
  return typeof value === 'string' && new RegExp(ASSET_HASH.source).test(value);
}

/** Prints the string as jest would, with every hash blanked. */
export function serialize(value: string): string {
  return JSON.stringify(value.replace(ASSET_HASH, PLACEHOLDER));
}
