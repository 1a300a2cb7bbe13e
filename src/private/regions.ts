import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './validation';
import { warn } from './warnings';

/**
 * The Region facts this library relies on, in one place. Each list says where it comes from and
 * when it was checked; a Region that is not listed here is treated as new (a warning, never an
 * error), so a Region AWS opens after this release does not block anyone.
 */

/**
 * The commercial (`aws` partition) Regions that are enabled in every account by default: the 17
 * Regions that Multi-Region Access Points supported at launch, which are also the Regions where
 * CloudFront can sign SigV4A for an access point origin.
 *
 * Source: S3 User Guide, "Multi-Region Access Point restrictions and limitations" and AWS General
 * Reference, "AWS Regions" (Regions enabled by default); checked 2026-12-05.
 */
const DEFAULT_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
];

/**
 * Opt-in Regions (disabled until the account enables them) where S3 supports Multi-Region Access
 * Points.
 *
 * Source: S3 User Guide, "Configuring Multi-Region Access Point opt-in Regions" (Africa (Cape Town),
 * Asia Pacific (Hong Kong, Jakarta, Melbourne, Hyderabad), Canada West (Calgary), Europe (Zurich,
 * Milan, Spain), Israel (Tel Aviv), Middle East (Bahrain, UAE)); checked 2026-12-05.
 */
const OPT_IN_WITH_ACCESS_POINTS = [
  'af-south-1', 'ap-east-1', 'ap-southeast-3', 'ap-southeast-4', 'ap-south-2', 'ca-west-1',
  'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-south-1', 'me-central-1',
];

/**
 * Opt-in Regions that the two pages above do not list, so where S3 does not offer Multi-Region
 * Access Points: Asia Pacific (Taipei, Malaysia, New Zealand, Thailand) and Mexico (Central).
 *
 * Source: AWS General Reference, "AWS Regions" (opt-in Regions), against the S3 pages above;
 * checked 2026-12-05.
 */
const OPT_IN_WITHOUT_ACCESS_POINTS = ['ap-east-2', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'mx-central-1'];

/**
 * Regions of the other partitions (China, GovCloud, the isolated and sovereign partitions), where
 * there are no Multi-Region Access Points.
 *
 * Source: S3 User Guide, "Multi-Region Access Point restrictions and limitations" (commercial
 * Regions only), and the partitions of AWS General Reference, "AWS Regions"; checked 2026-12-05.
 */
const OTHER_PARTITIONS: { [region: string]: string } = {
  'cn-north-1': 'aws-cn',
  'cn-northwest-1': 'aws-cn',
  'us-gov-east-1': 'aws-us-gov',
  'us-gov-west-1': 'aws-us-gov',
  'us-iso-east-1': 'aws-iso',
  'us-iso-west-1': 'aws-iso',
  'us-isob-east-1': 'aws-iso-b',
  'us-isob-west-1': 'aws-iso-b',
  'us-isof-east-1': 'aws-iso-f',
  'us-isof-south-1': 'aws-iso-f',
  'eu-isoe-west-1': 'aws-iso-e',
  'eusc-de-east-1': 'aws-eusc',
};

/**
 * The Regions whose S3 failover control endpoints accept `SubmitMultiRegionAccessPointRoutes` and
 * `GetMultiRegionAccessPointRoutes`.
 *
 * Source: Amazon S3 API Reference, "SubmitMultiRegionAccessPointRoutes" and
 * "GetMultiRegionAccessPointRoutes"; checked 2026-12-05.
 */
export const CONTROL_PLANE_REGIONS = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'ap-northeast-1', 'eu-west-1'];

/**
 * The most Regions (one bucket each) behind one Multi-Region Access Point.
 *
 * Source: S3 User Guide, "Multi-Region Access Point restrictions and limitations"; checked 2026-12-05.
 */
export const MAX_ACCESS_POINT_REGIONS = 17;

/** Checks that a list of Regions names none twice; unresolved entries pass. */
export function validateDistinctRegions(scope: IConstruct, property: string, regions: string[]): void {
  regions.forEach((region, i) => {
    if (!Token.isUnresolved(region) && regions.indexOf(region) !== i) {
      throw validationError(scope, `'${property}' must not repeat a Region, got ${region} twice`);
    }
  });
}

/**
 * What a Region name looks like: a lowercase area (`us`, `eu`, `eusc`), optional qualifiers
 * (`gov`, `iso`, `de`), a compass direction and a number. A name that does not match is a typo
 * (uppercase, an Availability Zone, a misspelt direction) and is refused wherever a Region is
 * accepted.
 */
const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)*-(east|west|north|south|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

/** What the table knows of a Region. */
export interface RegionFacts {
  /** Whether the Region is in the table. */
  readonly known: boolean;
  /** The partition (`aws` for a well-formed Region the table does not know). */
  readonly partition: string;
  /** Whether the account must enable the Region first. */
  readonly optIn: boolean;
  /** Whether S3 offers Multi-Region Access Points with a bucket in it. */
  readonly accessPoints: boolean;
}

/** The facts of a Region (a Region the table does not know is assumed to be a new commercial one). */
export function regionFacts(region: string): RegionFacts {
  if (DEFAULT_REGIONS.includes(region)) return { known: true, partition: 'aws', optIn: false, accessPoints: true };
  if (OPT_IN_WITH_ACCESS_POINTS.includes(region)) return { known: true, partition: 'aws', optIn: true, accessPoints: true };
  if (OPT_IN_WITHOUT_ACCESS_POINTS.includes(region)) return { known: true, partition: 'aws', optIn: true, accessPoints: false };
  const partition = OTHER_PARTITIONS[region];
  if (partition) return { known: true, partition, optIn: false, accessPoints: false };
  // Not known: assumed usable (the caller warns), so that a new Region does not block anyone.
  return { known: false, partition: 'aws', optIn: false, accessPoints: true };
}

/** Whether `region` is a literal Region the table knows to be opt-in (tokens, absent values and new Regions are not). */
export function isOptInRegion(region: string | undefined): boolean {
  return region !== undefined && !Token.isUnresolved(region) && regionFacts(region).optIn;
}

/**
 * Whether CloudFront standard logging (legacy) delivers to a bucket in `region`: it does not
 * deliver to buckets in opt-in Regions. Tokens, absent values and new Regions are assumed to work.
 *
 * Source: CloudFront Developer Guide, "Standard logging (legacy)", choosing an Amazon S3 bucket
 * for your standard logs (the opt-in Regions listed there are those of this table); checked
 * 2026-12-05.
 */
export function cloudFrontLogsReach(region: string | undefined): boolean {
  return !isOptInRegion(region);
}

/** What a Region is used for, which decides what is checked. */
export enum RegionUse {
  /** Any Region name: only the spelling is checked. */
  ANY = 'ANY',
  /** A Region where a bucket of a Multi-Region Access Point, or the access point's stack, is. */
  ACCESS_POINT = 'ACCESS_POINT',
  /** A control-plane Region for routes. */
  CONTROL_PLANE = 'CONTROL_PLANE',
}

/**
 * Checks a Region name given in `property`: a malformed name is an error; a Region without
 * Multi-Region Access Points (for `ACCESS_POINT`) or outside the control-plane Regions (for
 * `CONTROL_PLANE`) is an error; a well-formed Region the table does not know is a warning
 * (`cdk-multi-region-bucket:unknownRegion`) that names it. Absent and unresolved values pass.
 */
export function validateRegion(scope: IConstruct, property: string, region: string | undefined, use: RegionUse = RegionUse.ANY): void {
  if (region === undefined || Token.isUnresolved(region)) return;
  if (!REGION_PATTERN.test(region)) {
    throw validationError(scope, `'${property}' must be an AWS Region name such as eu-west-1 (lowercase, a direction and a number; not an Availability Zone), got '${region}'`);
  }
  if (use === RegionUse.CONTROL_PLANE) {
    if (!CONTROL_PLANE_REGIONS.includes(region)) {
      throw validationError(scope, `'${property}' must be one of ${CONTROL_PLANE_REGIONS.join(', ')}, got '${region}' (only these Regions have an S3 failover control endpoint)`);
    }
    return;
  }
  const facts = regionFacts(region);
  if (!facts.known) {
    warn(
      scope,
      'cdk-multi-region-bucket:unknownRegion',
      `'${property}' names ${region}, a Region this version of cdk-multi-region-bucket does not know: it is assumed to be a commercial Region `
        + 'with Multi-Region Access Points. Check the spelling, and that S3 offers Multi-Region Access Points there.',
      { region },
    );
    return;
  }
  if (use === RegionUse.ACCESS_POINT && !facts.accessPoints) {
    const why = facts.partition === 'aws' ? 'S3 does not offer them there yet' : `they are not offered in the ${facts.partition} partition`;
    throw validationError(scope, `'${property}' must be a Region where S3 offers Multi-Region Access Points, got ${region} (${why}); choose another Region`);
  }
}
