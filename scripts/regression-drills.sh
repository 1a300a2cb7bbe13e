#!/usr/bin/env bash
# Regression drills: breaks the library on purpose, once per area the checks guard, and shows
# that the check CI runs for that area fails, for the right reason.
#
#   npx projen drills            every drill, on a copy of the committed tree (HEAD)
#   npx projen drills tls ...    only the named drills
#   npx projen drills:check      seconds, part of `verify`: every drill's edit still applies, the
#                                files its check names exist and its expected text can still occur
#
# Each drill edits one source file of a scratch copy (never your working tree), runs the check
# that guards it, and passes only when that check fails with the expected message. A drill whose
# edit no longer applies fails too, so the drills cannot silently rot; `--check` finds that on
# every CI run without running the checks.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

check_only=0
if [ "${1:-}" = "--check" ]; then check_only=1; shift; fi

JEST="npx jest --ci --coverage=false --silent"

# name | file | perl substitution (must change the file) | check command (shell syntax) | expected in its output | where the expected text comes from
# (fields are split on '|': write a '|' inside a field as \x7c). The last field tells `--check` how
# to find that the expected text can still occur: empty, the whole text must be in a tracked file
# of src/, test/ or scripts/ (a message a script or test prints); `jest`, it is jest's own summary
# of a failed run ("Tests: 1 failed, 2 passed"); otherwise `part@path ...`, each part of a text
# composed at run time must occur under its path (the scanner's name, a rule id in its rules). A
# logical id in the text (kms-grants) is only checked by running the drill.
DRILLS=(
  "wildcard|src/replication/bucket-replication.ts|s/'s3:ReplicateDelete',\s*'s3:ReplicateObject',\s*'s3:ReplicateTags',/'s3:*',/|$JEST test/replication/replication-policy.test.ts test/examples|failed,|jest"
  "tls|src/bucket/regional-bucket.ts|s/enforceSSL: true,/enforceSSL: false,/|$JEST test/bucket/regional-bucket-policy.test.ts test/examples|failed,|jest"
  "stack-order|src/access-point/multi-region-access-point.ts|s/^([ ]*)stack\.addStackDependency\(bucketStack,/\1if (false) stack.addStackDependency(bucketStack,/m|npx ts-node --project test/tsconfig.json scripts/synth-examples.ts multi-region-access-point|cannot deploy in one 'cdk deploy --all'"
  "validation|src/multi-region-bucket/validate-props.ts|s/if \(regions\.length < 2 \x7c\x7c regions\.length > MAX_ACCESS_POINT_REGIONS\) \{/if (false) {/|$JEST test/validation|failed,|jest"
  # Lifecycle (issue 13): each reintroduces a failure of a deployed setup's change that the transition checker must catch.
  "lifecycle-ap-name|src/access-point/multi-region-access-point.ts|s/return \x60\x24\{path\}-\x24\{set\}\x60;/return path;/|$JEST test/lifecycle/transitions.test.ts|custom-name-replacement"
  "lifecycle-mesh-position|src/replication/replication-mesh.ts|s/\x60From-\x24\{bucketKey\(source\)\}\x60/\x60From\x24{i}\x60/|$JEST test/lifecycle/transitions.test.ts|replication-undone"
  "lifecycle-construct-id|src/multi-region-bucket/plan.ts|s/constructId: given \? \x60\x24\{id\}Bucket\x60 : 'Bucket',/constructId: \x60\x24{id}Bucket\x60,/|$JEST test/lifecycle/transitions.test.ts|stateful-replaced"
  # Warnings (issue 22): a warning attached to MultiRegionBucket itself (outside every stack) is one cdk synth never prints.
  "warning-on-l3|src/multi-region-bucket/validate-props.ts|s/warn\(scope,(\n[ ]*'cdk-multi-region-bucket:activeRoutingWithoutReplication',)/require('aws-cdk-lib').Annotations.of(scope).addWarningV2(\1/|$JEST test/docs/warnings.test.ts|activeRoutingWithoutReplication reaches cdk synth|activeRoutingWithoutReplication@src reaches@test/docs"
  # AWS requirements ledger (issue 22): S3 verifies a destination's S3 Bucket Key with kms:Decrypt on the replica key.
  "replica-key-decrypt|src/replication/private/cross-account.ts|s/export const REPLICA_KEY_ACTIONS = \['kms:Decrypt', 'kms:Encrypt'\];/export const REPLICA_KEY_ACTIONS = ['kms:Encrypt'];/|$JEST test/aws-requirements test/replication/replication-policy.test.ts test/replication/cross-account.test.ts|replica-key-decrypt-with-bucket-keys|"
  # AWS documents no aws:SourceAccount from S3 Batch Operations: a condition on it would fail every backfill job.
  "batch-trust|src/replication/private/backfill-job.ts|s/assumedBy: new iam\.ServicePrincipal\(BATCH_OPERATIONS_PRINCIPAL\),/assumedBy: new iam.ServicePrincipal(BATCH_OPERATIONS_PRINCIPAL).withConditions({ StringEquals: { 'aws:SourceAccount': account } }),/|$JEST test/aws-requirements test/replication/backfill.test.ts|batch-operations-trust|"
  # Layout (issue 22, items 6 and 7): a construct inside a stack must make that stack wait for its stacks; a README destroy must not take the global stack along.
  "in-stack-order|src/multi-region-bucket/multi-region-bucket.ts|s/this\.plan\.stacks\.dependent\?\.addStackDependency\(stack, /if (false) this.plan.stacks.dependent?.addStackDependency(stack, /|$JEST test/multi-region-bucket/layout.test.ts|failed,|jest"
  "readme-destroy|README.md|s/--exclusively ActiveActiveSite\/ap-southeast-2/ActiveActiveSite\/ap-southeast-2/|$JEST test/docs/cli-commands.test.ts|failed,|jest"
  # Issue 22, items 5 and 8: printed statements are literal JSON; no access point alias crosses an account.
  "printed-statement|src/private/printed-statement.ts|s/return literal\(stack, stack\.resolve\(raw\), placeholders\);/return stack.resolve(raw);/|$JEST test/validation/printed-statements.test.ts|failed,|jest"
  "alias-across-accounts|src/access-point/multi-region-access-point-grants.ts|s/if \(theirs === mine \x7c\x7c accountRelation/if (true \x7c\x7c theirs === mine \x7c\x7c accountRelation/|$JEST test/access-point/cross-account.test.ts|failed,|jest"
  # Flags (issue 22): a key named by Alias.aliasName, a Ref under @aws-cdk/aws-kms:aliasNameRef, is read from the Regional stack.
  "flags-alias-ref|src/private/keys.ts|s/return literalAliasName\(key\) \?\? aliasName;/return aliasName;/|$JEST test/flags/fuzz.test.ts|Fn::GetStackOutput|"
  "kms-grants|src/bucket/regional-bucket.ts|s/^[ ]*denyGrantsExceptForAwsServices\(key\);\n//m|npx ts-node --project test/tsconfig.json scripts/synth-examples.ts active-passive-failover > /dev/null && npx ts-node --project test/tsconfig.json scripts/scanners.ts examples/active-passive-failover/cdk.out|cfn-guard CT.KMS.PR.3 BucketKey7E4AEAB8|cfn-guard@scripts/scanners.ts CT.KMS.PR.3@node_modules/@cdklabs/cdk-validator-cfnguard/rules/control-tower/cfn-guard"
)

selected=("$@")

# --check: each drill's edit applies to the working tree's file, every file its check names exists,
# and its expected text can still occur (see the last field above). Seconds; nothing is run.
if [ $check_only -eq 1 ]; then
  failed=0
  for drill in "${DRILLS[@]}"; do
    IFS='|' read -r name file edit check expected origin <<<"$drill"
    problems=()
    if [ ! -f "$file" ]; then
      problems+=("$file does not exist")
    elif perl -0pe "$edit" "$file" | cmp -s - "$file"; then
      problems+=("the edit no longer applies to $file")
    fi
    for word in $check; do
      case $word in
        src/*|test/*|scripts/*|examples/*) [ -e "${word%%/cdk.out*}" ] || problems+=("the check names $word, which does not exist") ;;
      esac
    done
    if [ -z "$origin" ]; then
      git grep -qF -- "$expected" -- src test scripts ':!scripts/regression-drills.sh' || problems+=("no tracked file of src/, test/ or scripts/ contains '$expected'")
    elif [ "$origin" != "jest" ]; then
      for spec in $origin; do
        word=${spec%%@*}
        where=${spec#*@}
        [[ "$expected" == *"$word"* ]] || problems+=("'$word' is not part of the expected text '$expected'")
        grep -rqF -- "$word" $where 2>/dev/null || problems+=("'$word' no longer occurs in $where")
      done
    fi
    if [ ${#problems[@]} -eq 0 ]; then
      echo "drill $name: ok (the edit applies; the check's files exist; '$expected' can occur)"
    else
      failed=1
      for problem in "${problems[@]}"; do echo "drill $name: FAILED, $problem (update the drill)"; done
    fi
  done
  [ $failed -eq 0 ] && echo "drills: ${#DRILLS[@]} checked (run them with npx projen drills)"
  exit $failed
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git archive HEAD | tar -x -C "$scratch"
ln -s "$root/node_modules" "$scratch/node_modules"
[ -d "$root/.venv" ] && ln -s "$root/.venv" "$scratch/.venv"

failed=0
for drill in "${DRILLS[@]}"; do
  IFS='|' read -r name file edit check expected origin <<<"$drill"
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
