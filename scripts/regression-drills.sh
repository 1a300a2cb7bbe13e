#!/usr/bin/env bash
# Regression drills: breaks the library on purpose, once per area the checks guard, and shows
# that the check CI runs for that area fails, for the right reason.
#
#   npx projen drills            every drill, on a copy of the committed tree (HEAD)
#   npx projen drills tls ...    only the named drills
#
# Each drill edits one source file of a scratch copy (never your working tree), runs the check
# that guards it, and passes only when that check fails with the expected message. A drill whose
# edit no longer applies fails too, so the drills cannot silently rot.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git archive HEAD | tar -x -C "$scratch"
ln -s "$root/node_modules" "$scratch/node_modules"
[ -d "$root/.venv" ] && ln -s "$root/.venv" "$scratch/.venv"

JEST="npx jest --ci --coverage=false --silent"

# name | file | perl substitution (must change the file) | check command (shell syntax) | expected in its output
# (fields are split on '|': write a '|' inside a field as \x7c)
DRILLS=(
  "wildcard|src/replication/bucket-replication.ts|s/actions: \['s3:ReplicateDelete', 's3:ReplicateObject', 's3:ReplicateTags'\]/actions: ['s3:*']/|$JEST test/replication/replication-policy.test.ts test/examples|failed,"
  "tls|src/bucket/regional-bucket.ts|s/enforceSSL: true,/enforceSSL: false,/|$JEST test/bucket/regional-bucket-policy.test.ts test/examples|failed,"
  "stack-order|src/access-point/multi-region-access-point.ts|s/^([ ]*)stack\.addStackDependency\(bucketStack,/\1if (false) stack.addStackDependency(bucketStack,/m|npx ts-node --project test/tsconfig.json scripts/synth-examples.ts multi-region-access-point|cannot deploy in one 'cdk deploy --all'"
  "validation|src/multi-region-bucket/multi-region-bucket.ts|s/if \(regions\.length < 2 \x7c\x7c regions\.length > MAX_ACCESS_POINT_REGIONS\) \{/if (false) {/|$JEST test/validation|failed,"
  # Lifecycle (issue 13): each reintroduces a failure of a deployed setup's change that the transition checker must catch.
  "lifecycle-ap-name|src/access-point/multi-region-access-point.ts|s/return \x60\x24\{path\}-\x24\{set\}\x60;/return path;/|$JEST test/lifecycle/transitions.test.ts|custom-name-replacement"
  "lifecycle-mesh-position|src/replication/replication-mesh.ts|s/\x60From-\x24\{bucketKey\(source\)\}\x60/\x60From\x24{i}\x60/|$JEST test/lifecycle/transitions.test.ts|replication-undone"
  "lifecycle-construct-id|src/multi-region-bucket/multi-region-bucket.ts|s/new RegionalBucket\(stack, given \? \x60\x24\{id\}Bucket\x60 : 'Bucket',/new RegionalBucket(stack, \x60\x24{id}Bucket\x60,/|$JEST test/lifecycle/transitions.test.ts|stateful-replaced"
  "kms-grants|src/bucket/regional-bucket.ts|s/^[ ]*denyGrantsExceptForAwsServices\(key\);\n//m|npx ts-node --project test/tsconfig.json scripts/synth-examples.ts active-passive-failover > /dev/null && npx ts-node --project test/tsconfig.json scripts/scanners.ts examples/active-passive-failover/cdk.out|cfn-guard CT.KMS.PR.3 FailoverBucketKey"
  # Flags (issue 22): a key named by Alias.aliasName, a Ref under @aws-cdk/aws-kms:aliasNameRef, is read from the Regional stack.
  "flags-alias-ref|src/private/keys.ts|s/return literalAliasName\(key\) \?\? aliasName;/return aliasName;/|$JEST test/flags/fuzz.test.ts|Fn::GetStackOutput"
)

selected=("$@")
failed=0
for drill in "${DRILLS[@]}"; do
  IFS='|' read -r name file edit check expected <<<"$drill"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $name " ]]; then continue; fi
  cp "$scratch/$file" "$scratch/$file.orig"
  perl -0pi -e "$edit" "$scratch/$file"
  if cmp -s "$scratch/$file" "$scratch/$file.orig"; then
    echo "drill $name: FAILED, the edit no longer applies to $file (update the drill)"
    failed=1
    continue
  fi
  echo "drill $name: $file changed by $edit"
  echo "  check: $check"
  start=$(date +%s)
  output=$(cd "$scratch" && CI=true eval "$check" 2>&1)
  code=$?
  mv "$scratch/$file.orig" "$scratch/$file"
  if [ $code -ne 0 ] && grep -qF -- "$expected" <<<"$output"; then
    echo "  caught in $(( $(date +%s) - start )) s: the check exits $code. First lines that say why:"
    grep -F -- "$expected" <<<"$output" | head -3 | sed 's/^/    /'
    grep -E '●.*›' <<<"$output" | head -3 | sed 's/^/    /'
  else
    echo "  NOT CAUGHT: the check exits $code"
    tail -20 <<<"$output" | sed 's/^/    /'
    failed=1
  fi
done
exit $failed
