#!/usr/bin/env bash
# Lints CloudFormation templates with cfn-lint (AWS's CloudFormation linter, from PyPI),
# installed into a local virtual environment (.venv, git-ignored) on first use.
#
#   scripts/cfn-lint.sh                 every template of every example (examples/*/cdk.out)
#   scripts/cfn-lint.sh DIR|FILE ...    the templates in those cloud assemblies or files
#
# Fails on any error (and on cfn-lint's own failure); warnings are counted by rule and reported.
#
# Each distinct template is linted once: files with the same content are linted as one, and a
# template that passed before with this cfn-lint and this script is not linted again (its hash is
# kept in .venv/cfn-lint-passed/; one CI run lints the examples, the fuzz suite's templates and
# then the jest tests' templates, which include both). The rest is split over one cfn-lint
# process per core (CFN_LINT_JOBS).
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION=1.58.0
cfn_lint=$(bash scripts/venv-tool.sh cfn-lint "$CFN_LINT_VERSION")

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(examples/*/cdk.out)
templates=()
for target in "${targets[@]}"; do
  if [ -d "$target" ]; then
    while IFS= read -r file; do templates+=("$file"); done < <(find "$target" -name '*.template.json' | sort)
  else
    templates+=("$target")
  fi
done
if [ ${#templates[@]} -eq 0 ]; then
  echo "cfn-lint: no templates found in ${targets[*]}" >&2
  exit 1
fi

# Only what this cfn-lint has not passed yet, each content once.
passed_dir=.venv/cfn-lint-passed/$CFN_LINT_VERSION-$(sha256sum "$0" | cut -c1-12)
mkdir -p "$passed_dir"
declare -A hash_of=() seen=()
to_lint=()
passed_before=0
same_as_another=0
while read -r hash file; do
  if [ -e "$passed_dir/$hash" ]; then passed_before=$((passed_before + 1))
  elif [ -n "${seen[$hash]:-}" ]; then same_as_another=$((same_as_another + 1))
  else seen[$hash]=1; hash_of[$file]=$hash; to_lint+=("$file")
  fi
done < <(sha256sum -- "${templates[@]}")

# cfn-lint exit codes are bit flags: 2 = error, 4 = warning, 8 = informational.
output=''
code=0
if [ ${#to_lint[@]} -gt 0 ]; then
  jobs=${CFN_LINT_JOBS:-$(nproc)}
  [ ${#to_lint[@]} -ge $((jobs * 10)) ] || jobs=1
  work=$(mktemp -d)
  for ((j = 0; j < jobs; j++)); do
    shard=()
    for ((i = j; i < ${#to_lint[@]}; i += jobs)); do shard+=("${to_lint[$i]}"); done
    ( set +e; "$cfn_lint" --format parseable -- "${shard[@]}" >"$work/$j.out"; echo $? >"$work/$j.code" ) &
  done
  wait
  for ((j = 0; j < jobs; j++)); do
    output+=$(cat "$work/$j.out")$'\n'
    code=$(( code | $(cat "$work/$j.code") ))
  done
  rm -rf "$work"
  # Remember what passed (no error in it), unless cfn-lint itself failed.
  if [ $(( code & 1 )) -eq 0 ]; then
    declare -A has_error=()
    while IFS=: read -r file _; do has_error[$file]=1; done < <(grep -E ':E[0-9]+:' <<<"$output" || true)
    for file in "${to_lint[@]}"; do
      [ -n "${has_error[$file]:-}" ] || : >"$passed_dir/${hash_of[$file]}"
    done
  fi
fi
# Errors in full; warnings counted by rule, with one example each (the same warning repeats
# across the many templates of the test apps).
grep -E ':E[0-9]+:' <<<"$output" || true
if [ $(( code & 4 )) -ne 0 ]; then
  echo "warnings by rule (count, first example):"
  grep -E ':W[0-9]+:' <<<"$output" | awk -F: '{ rule=$6; n[rule]++; if (!(rule in first)) first[rule]=$0 } END { for (r in n) printf "  %s x%d  %s\n", r, n[r], first[r] }' | sort
fi
errors=$(( code & 2 ))
echo "cfn-lint $CFN_LINT_VERSION: ${#templates[@]} templates, $([ $errors -ne 0 ] && echo "$(grep -cE ':E[0-9]+:' <<<"$output") ERRORS" || echo '0 errors')$([ $(( code & 4 )) -ne 0 ] && echo ", $(grep -cE ':W[0-9]+:' <<<"$output") warnings (above)") (linted ${#to_lint[@]} in ${jobs:-0} processes; the same as another: $same_as_another; passed before: $passed_before)"
[ $errors -eq 0 ] && [ $(( code & 1 )) -eq 0 ]
