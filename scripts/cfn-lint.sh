#!/usr/bin/env bash
# Lints CloudFormation templates with cfn-lint (AWS's CloudFormation linter, from PyPI),
# installed into a local virtual environment (.venv, git-ignored) on first use.
#
#   scripts/cfn-lint.sh                 every template of every example (examples/*/cdk.out)
#   scripts/cfn-lint.sh DIR|FILE ...    the templates in those cloud assemblies or files
#
# Fails on any error (and on cfn-lint's own failure); warnings are counted by rule and reported.
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

# cfn-lint exit codes are bit flags: 2 = error, 4 = warning, 8 = informational.
set +e
output=$("$cfn_lint" --format parseable -- "${templates[@]}")
code=$?
set -e
# Errors in full; warnings counted by rule, with one example each (the same warning repeats
# across the many templates of the test apps).
grep -E ':E[0-9]+:' <<<"$output" || true
if [ $(( code & 4 )) -ne 0 ]; then
  echo "warnings by rule (count, first example):"
  grep -E ':W[0-9]+:' <<<"$output" | awk -F: '{ rule=$6; n[rule]++; if (!(rule in first)) first[rule]=$0 } END { for (r in n) printf "  %s x%d  %s\n", r, n[r], first[r] }' | sort
fi
errors=$(( code & 2 ))
echo "cfn-lint $CFN_LINT_VERSION: ${#templates[@]} templates, $([ $errors -ne 0 ] && echo "$(grep -cE ':E[0-9]+:' <<<"$output") ERRORS" || echo '0 errors')$([ $(( code & 4 )) -ne 0 ] && echo ", $(grep -cE ':W[0-9]+:' <<<"$output") warnings (above)")"
[ $errors -eq 0 ] && [ $(( code & 1 )) -eq 0 ]
