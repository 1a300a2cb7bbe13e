#!/usr/bin/env bash
# Runs each argument as a shell command, all at the same time (the machine has at least two cores:
# `verify` lints while jsii compiles). Each command's output is printed whole when it ends, with
# its wall time. When one fails, the others are stopped and the script fails at once with its exit
# code, so a lint error does not wait for the compiler.
#
#   bash scripts/in-parallel.sh 'npx projen eslint:ci' 'npx projen compile && npx projen post-compile'
set -uo pipefail

if [ $# -eq 0 ]; then
  echo "in-parallel.sh: no commands" >&2
  exit 2
fi

logs=$(mktemp -d)
declare -A command_of=() started_of=() log_of=()
stop_all() {
  for pid in "${!command_of[@]}"; do kill -- "-$pid" 2>/dev/null; done
}
trap 'stop_all; rm -rf "$logs"' EXIT

i=0
for command in "$@"; do
  i=$((i + 1))
  # Its own process group (setsid), so that stopping it stops every process it started.
  setsid bash -c "$command" >"$logs/$i.log" 2>&1 &
  command_of[$!]=$command
  started_of[$!]=$(date +%s)
  log_of[$!]="$logs/$i.log"
done

while [ ${#command_of[@]} -gt 0 ]; do
  wait -n -p done_pid "${!command_of[@]}"
  code=$?
  command=${command_of[$done_pid]}
  seconds=$(( $(date +%s) - ${started_of[$done_pid]} ))
  cat "${log_of[$done_pid]}"
  unset "command_of[$done_pid]"
  if [ $code -ne 0 ]; then
    echo "in-parallel: FAILED (exit $code) after $seconds s: $command" >&2
    if [ ${#command_of[@]} -gt 0 ]; then echo "in-parallel: stopping: ${command_of[*]}" >&2; fi
    exit $code
  fi
  echo "in-parallel: done in $seconds s: $command"
done
