import * as iam from 'aws-cdk-lib/aws-iam';

/** How the construct that exposes a `MultiRegionAccessPointGrants` narrows it (internal). */
export interface GrantsOptions {
  /**
   * The access point policy is not this app's (an imported access point): a data grant must be
   * an identity policy of a principal of the owning account, or it would silently do nothing.
   */
  readonly identityOnly?: boolean;

  /**
   * The access point's Block Public Access setting `BlockPublicPolicy` is on: S3 refuses an
   * access point policy that grants public access, so a grant to everyone would fail the deploy.
   */
  readonly blocksPublicPolicy?: boolean;

  /** Refuses a grantee of a data grant (`method` is how the user called it, e.g. `grants.read()`). */
  readonly checkGrantee?: (method: string, grantee: iam.IGrantable) => void;
}
