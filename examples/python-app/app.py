"""active-active-site, in Python: the same app as examples/active-active-site/app.ts.

    bash ../../scripts/python-example.sh     (from the repository root: npx projen examples:python)

One bucket in three Regions behind a Multi-Region Access Point (every Region active, two-way
replication with Replication Time Control and alarms) and a CloudFront distribution reading
through SigV4A Origin Access Control, checked by the four cdk-nag packs at synth time.
"""
import os

from aws_cdk import App, Validations
from aws_cdk import aws_s3 as s3
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks
from cdk_multi_region_bucket import (
    MultiRegionBucket,
    MultiRegionBucketDistributionOptions,
    Replication,
)

app = App()

MultiRegionBucket(
    app,
    "ActiveActiveSite",
    regions=["us-east-1", "eu-west-1", "ap-southeast-2"],
    # A placeholder account lets `cdk synth` run without credentials; `cdk deploy` uses yours.
    account=os.environ.get("CDK_DEFAULT_ACCOUNT", "111111111111"),
    replication=Replication.two_way(replication_time_control=s3.ReplicationTimeValue.FIFTEEN_MINUTES),
    distribution=MultiRegionBucketDistributionOptions(
        single_page_app=True,
        comment="active-active-site",
    ),
    tags={"project": "active-active-site"},
)

# Any unacknowledged cdk-nag error stops synthesis.
Validations.of(app).add_plugins(
    AwsSolutionsChecks(app),
    NIST80053R5Checks(app),
    HIPAASecurityChecks(app),
    PCIDSS321Checks(app),
)
app.synth()
