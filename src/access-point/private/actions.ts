/**
 * The IAM actions of the S3 API operations that a Multi-Region Access Point accepts, in one place.
 *
 * Source: "Multi-Region Access Point compatibility with S3 operations" in the Amazon S3 User Guide
 * (AbortMultipartUpload, CompleteMultipartUpload, CreateMultipartUpload, DeleteObject,
 * DeleteObjectTagging, GetObject, GetObjectAcl, GetObjectLegalHold, GetObjectRetention,
 * GetObjectTagging, HeadObject, ListMultipartUploads, ListObjectsV2, ListParts, PutObject,
 * PutObjectAcl, PutObjectLegalHold, PutObjectRetention, PutObjectTagging, RestoreObject,
 * UploadPart). CopyObject is not supported through a Multi-Region Access Point, and neither are
 * the version-specific permissions (`s3:GetObjectVersion`, `s3:DeleteObjectVersion`, ...), which
 * no listed operation needs without a version ID.
 *
 * Operation -> IAM action: GetObject and HeadObject -> s3:GetObject; PutObject,
 * CreateMultipartUpload, UploadPart and CompleteMultipartUpload -> s3:PutObject; ListObjectsV2 ->
 * s3:ListBucket; ListMultipartUploads -> s3:ListBucketMultipartUploads; ListParts ->
 * s3:ListMultipartUploadParts; every other operation -> the action of the same name.
 */

/** Read objects through the access point (resource: `<access point ARN>/object/<key>`). */
export const OBJECT_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectTagging',
  's3:GetObjectRetention',
  's3:GetObjectLegalHold',
];

/** List the keys of the access point (resource: the access point ARN itself). */
export const LIST_ACTIONS = ['s3:ListBucket'];

/** Write and delete objects, including multipart uploads (resource: `<access point ARN>/object/<key>`). */
export const OBJECT_WRITE_ACTIONS = [
  's3:PutObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
  's3:PutObjectTagging',
  's3:DeleteObjectTagging',
  's3:DeleteObject',
];

/** List the in-progress multipart uploads (resource: the access point ARN itself). */
export const MULTIPART_LIST_ACTIONS = ['s3:ListBucketMultipartUploads'];

/**
 * Operations a Multi-Region Access Point supports that no grant hands out, because they change
 * retention, legal holds or ACLs (ACLs are disabled on buckets with bucket-owner-enforced object
 * ownership) or restore archived objects. Grant them explicitly with `addToResourcePolicy` and IAM.
 */
export const OBJECT_ADMIN_ACTIONS = [
  's3:GetObjectAcl',
  's3:PutObjectAcl',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:RestoreObject',
];

/**
 * Every data action a request through a Multi-Region Access Point can need. The delegating
 * bucket policy statement allows exactly these, so the access point policy (and IAM) decide.
 */
export const ALL_DATA_ACTIONS = [
  ...OBJECT_READ_ACTIONS,
  ...LIST_ACTIONS,
  ...OBJECT_WRITE_ACTIONS,
  ...MULTIPART_LIST_ACTIONS,
  ...OBJECT_ADMIN_ACTIONS,
];

/** Control-plane actions on one Multi-Region Access Point (resource: its ARN). */
export const MANAGE_ACTIONS = [
  's3:GetMultiRegionAccessPoint',
  's3:GetMultiRegionAccessPointPolicy',
  's3:GetMultiRegionAccessPointPolicyStatus',
  's3:GetMultiRegionAccessPointRoutes',
  's3:SubmitMultiRegionAccessPointRoutes',
];

/**
 * Control-plane actions that take no access point ARN: S3 requires `s3:ListAllMyBuckets` of anyone
 * who manages a Multi-Region Access Point, and `s3:ListMultiRegionAccessPoints` supports only `*`.
 */
export const MANAGE_ACCOUNT_ACTIONS = ['s3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints'];

/** Tracks asynchronous requests (resource: `arn:<partition>:s3:us-west-2:<account>:async-request/mrap/*`). */
export const DESCRIBE_OPERATION_ACTIONS = ['s3:DescribeMultiRegionAccessPointOperation'];

/**
 * Every control-plane action whose resource is a Multi-Region Access Point ARN (or that names
 * access points): a pattern given to `grants.actions()` that matches one of these would hand out
 * control of the access point (its policy, routes or deletion) with what was meant as data access.
 */
export const CONTROL_PLANE_ACTIONS = [
  's3:CreateMultiRegionAccessPoint',
  's3:DeleteMultiRegionAccessPoint',
  's3:PutMultiRegionAccessPointPolicy',
  ...MANAGE_ACTIONS,
  ...MANAGE_ACCOUNT_ACTIONS,
  ...DESCRIBE_OPERATION_ACTIONS,
];
