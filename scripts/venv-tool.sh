#!/usr/bin/env bash
# Installs one pinned Python tool from PyPI into the project's virtual environment (.venv,
# git-ignored), unless that version is already there; prints the path of its executable.
#
#   scripts/venv-tool.sh cfn-lint 1.58.0     (scripts/cfn-lint.sh)
#   scripts/venv-tool.sh checkov 3.3.30      (scripts/scanners.ts)
#
# Idempotent, and safe to run concurrently (jest's fuzz suite lints while `scan`'s own tests
# install checkov): installs into .venv take a lock. The tools share the environment; pip keeps
# their dependencies compatible (cfn-lint 1.58.0 and checkov 3.3.30 pass `pip check` together,
# whichever is installed first).
set -euo pipefail
cd "$(dirname "$0")/.."

tool=$1
version=$2
venv=.venv

installed() { "$venv/bin/$tool" --version 2>/dev/null | grep -qxE "($tool )?$version"; }

if ! installed; then
  mkdir -p "$venv"
  exec 9>"$venv/.install.lock"
  flock 9
  # Another process may have installed it while this one waited for the lock.
  if ! installed; then
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$tool==$version" >&2
    installed || { echo "$tool $version: installed, but '$venv/bin/$tool --version' does not report $version" >&2; exit 1; }
  fi
fi
echo "$venv/bin/$tool"
