#!/usr/bin/env bash
# Runs examples/python-app against the locally built wheel, then checks that it synthesizes the
# same stacks and resources as the TypeScript examples/active-active-site.
#
#   npx projen examples:python        (after package:python, which builds dist/python/*.whl)
set -euo pipefail
cd "$(dirname "$0")/.."

wheel=$(ls dist/python/cdk_multi_region_bucket-*.whl 2>/dev/null | head -1 || true)
if [ -z "$wheel" ]; then
  echo "no wheel in dist/python: run 'npx projen package:python' first" >&2
  exit 1
fi

app=examples/python-app
if [ ! -x "$app/.venv/bin/python" ]; then
  python3 -m venv "$app/.venv"
fi
"$app/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$app/requirements.txt"
"$app/.venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

npx ts-node --project test/tsconfig.json scripts/synth-examples.ts python-app
# Under `verify`, `test` (before this step) synthesized active-active-site into its cdk.out with
# this run's src/: compared as it is, not synthesized again (docs/adr/0041). Elsewhere, afresh.
if [ -z "${VERIFY_CHECKS_RAN:-}" ] || [ ! -f examples/active-active-site/cdk.out/manifest.json ]; then
  npx ts-node --project test/tsconfig.json scripts/synth-examples.ts active-active-site >/dev/null
fi
npx ts-node --project test/tsconfig.json scripts/compare-assemblies.ts examples/active-active-site/cdk.out "$app/cdk.out"
