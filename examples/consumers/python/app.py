"""The consumer app, in Python: the same app as ../typescript/app.ts, resource by resource.

    npx projen consumers:python     (after package:python and examples:python)

It uses the building blocks, not the L3: a RegionalBucket in each of two Regions, a
ReplicationMesh between them, a MultiRegionAccessPoint over them and a SecureDistribution reading
through a MultiRegionAccessPointOrigin (SigV4A Origin Access Control).
"""
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_s3 as s3
from cdk_multi_region_bucket import (
    MultiRegionAccessPoint,
    MultiRegionAccessPointOrigin,
    RegionalBucket,
    ReplicationMesh,
    Routing,
    SecureDistribution,
)

ACCOUNT = "111111111111"
REGIONS = ["us-east-1", "eu-west-1"]

app = App()
buckets = []
for region in REGIONS:
    stack = Stack(app, f"Consumer-{region}", env=Environment(account=ACCOUNT, region=region))
    buckets.append(RegionalBucket(stack, "Data", noncurrent_version_expiration=Duration.days(30)).bucket)

global_stack = Stack(app, "Consumer-global", env=Environment(account=ACCOUNT, region="us-east-1"))
ReplicationMesh(global_stack, "Replication", buckets=buckets, replication_time_control=s3.ReplicationTimeValue.FIFTEEN_MINUTES)
access_point = MultiRegionAccessPoint(
    global_stack,
    "AccessPoint",
    multi_region_access_point_name="consumer",
    buckets=buckets,
    routing=Routing.active_passive(active_regions=["us-east-1"]),
)
SecureDistribution(
    global_stack,
    "Cdn",
    origin=MultiRegionAccessPointOrigin.with_origin_access_control(
        access_point,
        origin_access_levels=[cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
    ),
    comment="consumer",
)
app.synth()
