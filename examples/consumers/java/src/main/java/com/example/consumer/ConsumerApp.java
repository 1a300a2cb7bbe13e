// The consumer app, in Java: the same app as ../typescript/app.ts, resource by resource.
//
//     npx projen consumers:java     (after package:java:local)
//
// It uses the building blocks, not the L3: a RegionalBucket in each of two Regions, a
// ReplicationMesh between them, a MultiRegionAccessPoint over them and a SecureDistribution
// reading through a MultiRegionAccessPointOrigin (SigV4A Origin Access Control).
package com.example.consumer;

import io.github.cdkmultiregionbucket.ActivePassiveOptions;
import io.github.cdkmultiregionbucket.MultiRegionAccessPoint;
import io.github.cdkmultiregionbucket.MultiRegionAccessPointOrigin;
import io.github.cdkmultiregionbucket.MultiRegionAccessPointOriginProps;
import io.github.cdkmultiregionbucket.RegionalBucket;
import io.github.cdkmultiregionbucket.ReplicationMesh;
import io.github.cdkmultiregionbucket.Routing;
import io.github.cdkmultiregionbucket.SecureDistribution;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.AccessLevel;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ReplicationTimeValue;

public final class ConsumerApp {
    private static final String ACCOUNT = "111111111111";

    private static StackProps in(final String region) {
        return StackProps.builder().env(Environment.builder().account(ACCOUNT).region(region).build()).build();
    }

    public static void main(final String[] args) {
        App app = new App();
        List<IBucket> buckets = new ArrayList<>();
        for (String region : List.of("us-east-1", "eu-west-1")) {
            Stack stack = new Stack(app, "Consumer-" + region, in(region));
            buckets.add(RegionalBucket.Builder.create(stack, "Data")
                    .noncurrentVersionExpiration(Duration.days(30))
                    .build()
                    .getBucket());
        }

        Stack global = new Stack(app, "Consumer-global", in("us-east-1"));
        ReplicationMesh.Builder.create(global, "Replication")
                .buckets(buckets)
                .replicationTimeControl(ReplicationTimeValue.FIFTEEN_MINUTES)
                .build();
        MultiRegionAccessPoint accessPoint = MultiRegionAccessPoint.Builder.create(global, "AccessPoint")
                .multiRegionAccessPointName("consumer")
                .buckets(buckets)
                .routing(Routing.activePassive(ActivePassiveOptions.builder().activeRegions(List.of("us-east-1")).build()))
                .build();
        SecureDistribution.Builder.create(global, "Cdn")
                .origin(MultiRegionAccessPointOrigin.withOriginAccessControl(accessPoint,
                        MultiRegionAccessPointOriginProps.builder()
                                .originAccessLevels(List.of(AccessLevel.READ, AccessLevel.LIST))
                                .build()))
                .comment("consumer")
                .build();
        app.synth();
    }
}
