/**
 * Runs every suite with Node's default stack-trace depth (10 frames), as `cdk synth` runs an app.
 *
 * jest raises `Error.stackTraceLimit` to 100 in each test environment, and maps every frame of
 * every captured trace through source maps. aws-cdk-lib captures a trace for each resource it
 * creates (the `aws:cdk:creationStack` metadata) and for each acknowledged validation rule, so a
 * suite that synthesizes many apps spent a large share of its time there: 28% of the CPU of
 * test/flags/transitions.test.ts (docs/adr/0043). With Node's default, the construct metadata
 * the tests see is also what a real app's assembly holds.
 */
Error.stackTraceLimit = 10;
