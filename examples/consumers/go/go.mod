module example.com/consumer

go 1.26.0

// scripts/consumer-apps.ts builds a copy of this app in dist/consumers/go-app, with a replace that
// points at the module package:go:local built and its aws-cdk-go release (scripts/local-packages.ts).
