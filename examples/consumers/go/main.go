// The consumer app, in Go: the same app as ../typescript/app.ts, resource by resource.
//
//	npx projen consumers:go     (after package:go:local)
//
// It uses the building blocks, not the L3: a RegionalBucket in each of two Regions, a
// ReplicationMesh between them, a MultiRegionAccessPoint over them and a SecureDistribution
// reading through a MultiRegionAccessPointOrigin (SigV4A Origin Access Control).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
	mrb "github.com/cdk-multi-region-bucket/cdk-multi-region-bucket-go/cdkmultiregionbucket"
)

const account = "111111111111"

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	var buckets []awss3.IBucket
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		stack := awscdk.NewStack(app, jsii.String("Consumer-"+region), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
		})
		data := mrb.NewRegionalBucket(stack, jsii.String("Data"), &mrb.RegionalBucketProps{
			NoncurrentVersionExpiration: awscdk.Duration_Days(jsii.Number(30)),
		})
		buckets = append(buckets, data.Bucket())
	}

	global := awscdk.NewStack(app, jsii.String("Consumer-global"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String("us-east-1")},
	})
	mrb.NewReplicationMesh(global, jsii.String("Replication"), &mrb.ReplicationMeshProps{
		Buckets:                &buckets,
		ReplicationTimeControl: awss3.ReplicationTimeValue_FIFTEEN_MINUTES(),
	})
	accessPoint := mrb.NewMultiRegionAccessPoint(global, jsii.String("AccessPoint"), &mrb.MultiRegionAccessPointProps{
		MultiRegionAccessPointName: jsii.String("consumer"),
		Buckets:         &buckets,
		Routing:         mrb.Routing_ActivePassive(&mrb.ActivePassiveOptions{ActiveRegions: jsii.Strings("us-east-1")}),
	})
	mrb.NewSecureDistribution(global, jsii.String("Cdn"), &mrb.SecureDistributionProps{
		Origin: mrb.MultiRegionAccessPointOrigin_WithOriginAccessControl(accessPoint, &mrb.MultiRegionAccessPointOriginProps{
			OriginAccessLevels: &[]awscloudfront.AccessLevel{awscloudfront.AccessLevel_READ, awscloudfront.AccessLevel_LIST},
		}),
		Comment: jsii.String("consumer"),
	})
	app.Synth(nil)
}
