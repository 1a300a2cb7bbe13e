module example.com/consumer

go 1.26.0

// scripts/consumer-apps.sh copies this app into dist/, points the replace at the module that
// package:go:local built and lets `go mod tidy` pick the aws-cdk-go release that module requires.
replace github.com/cdk-multi-region-bucket/cdk-multi-region-bucket-go/cdkmultiregionbucket => ../go-compile-check/go/cdkmultiregionbucket
