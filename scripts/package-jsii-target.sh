#!/usr/bin/env bash
# Builds the Java or Go package: `scripts/package-jsii-target.sh java|go`.
#
# Normally this is exactly projen's `package:java` / `package:go` (jsii-pacmak), which resolves
# aws-cdk-lib from Maven or the Go module proxy at the version we build against.
#
# Some registry mirrors lag behind: they may serve aws-cdk-lib to npm and PyPI but not the Maven
# or Go artifacts of the same release. Then:
#   go:   the module is generated with jsii-pacmak and built against the oldest aws-cdk-go release
#         the Go module proxy serves at or above our minimum (docs/adr/0002) into
#         dist/go-compile-check/go; if none is served, this fails (it never builds below it).
#   java: if Maven serves no aws-cdk-lib at or above the minimum, the generated Java code is only
#         compiled (no jar) against the newest release below it, with the shipped pom's range
#         [minimum,3.0.0) untouched, and the script says so.
# The release workflow, which reaches the public registries, builds the real packages.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: $0 java|go}"
cdk_version=$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")
check_dir="dist/${target}-compile-check"

warn() { printf '\n*** %s\n\n' "$*" >&2; }

case "$target" in
  java)
    probe() { mvn -B -q dependency:get "-Dartifact=software.amazon.awscdk:aws-cdk-lib:$1" -Dtransitive=false >/dev/null 2>&1; }
    ;;
  go)
    go_probe_dir=$(mktemp -d)
    (cd "$go_probe_dir" && go mod init probe >/dev/null 2>&1)
    probe() { (cd "$go_probe_dir" && go mod download "github.com/aws/aws-cdk-go/awscdk/v2@v$1" >/dev/null 2>&1); }
    ;;
  *)
    echo "unknown target '$target' (java or go)" >&2
    exit 2
    ;;
esac

# A compile check left by an earlier run must not be mistaken for this run's output.
rm -rf "$check_dir"

if probe "$cdk_version"; then
  exec npx jsii-pacmak -v --target "$target"
fi

case "$target" in
  java)
    # Maven Central as this machine reaches it may serve no aws-cdk-lib at or above our minimum (here
    # it stops at 2.263.0). A jar built against an older aws-cdk-lib would not run (its JavaScript
    # would meet an aws-cdk-lib without cloudfront.Signing.SIGV4A_ALWAYS, docs/adr/0002), and
    # widening the pom's range to hide that would publish a lie. So: compile the generated Java
    # code against the newest aws-cdk-lib 2.x served, as a check of the Java surface only, with the
    # generated pom and its range [minimum,3.0.0) untouched; no jar is produced, and the Java
    # consumer app (examples/java-app) cannot run here.
    warn "aws-cdk-lib $cdk_version is not available from this machine's Maven repository: compiling the generated Java code against the newest aws-cdk-lib 2.x it serves, as a compile check only (no jar; the release workflow builds the real package)"
    npx jsii-pacmak --target java --code-only --outdir "$check_dir"
    cd "$check_dir/java"
    grep -q "<version>\[$cdk_version,3.0.0)</version>" pom.xml || { echo "pom.xml does not require aws-cdk-lib [$cdk_version,3.0.0)" >&2; exit 1; }
    # The compile check's own pom (never packaged): the same dependencies, with aws-cdk-lib below
    # the minimum, where Maven picks the newest release its repository lists.
    sed -E "s#<version>\[$cdk_version,3\.0\.0\)</version>#<version>[2.0.0,$cdk_version)</version>#" pom.xml > pom.compile-check.xml
    mvn -B -q -f pom.compile-check.xml compile -Dmaven.javadoc.skip=true
    resolved=$(mvn -B -q -f pom.compile-check.xml dependency:list -DincludeArtifactIds=aws-cdk-lib -DoutputFile=/dev/stdout 2>/dev/null | grep -o 'aws-cdk-lib:jar:[0-9.]*' | head -1 || true)
    echo "compile check only: the generated Java code compiles against ${resolved:-an older aws-cdk-lib} (below the minimum $cdk_version, so no jar was built)"
    ;;
  go)
    # The Go module proxy lists the aws-cdk-go releases it serves. Build against the oldest one at
    # or above our minimum: go.mod's require is the floor every consumer gets (minimal version
    # selection), so it should be as close to the npm peer range's floor as the proxy allows.
    # Never go below the minimum: an older aws-cdk-lib cannot sign SigV4A (docs/adr/0002).
    served=$(cd "$go_probe_dir" && go list -m -versions github.com/aws/aws-cdk-go/awscdk/v2 2>/dev/null | tr ' ' '\n' | grep '^v2\.' || true)
    if [ -z "$served" ]; then
      # No version list: probe minor releases upwards from ours.
      minor=$(echo "$cdk_version" | cut -d. -f2)
      for ((m = minor; m <= minor + 40; m++)); do
        if probe "2.$m.0"; then served="v2.$m.0"; break; fi
      done
    fi
    found=$(printf '%s\n' $served | sed 's/^v//' | node -e '
      const min = process.argv[1].split(".").map(Number);
      const ge = (v) => { const p = v.split(".").map(Number); for (let i = 0; i < 3; i++) if (p[i] !== min[i]) return p[i] > min[i]; return true; };
      const ok = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((v) => /^\d+\.\d+\.\d+$/.test(v) && ge(v));
      ok.sort((a, b) => { const x = a.split(".").map(Number), y = b.split(".").map(Number); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
      if (ok.length) console.log(ok[0]);' "$cdk_version")
    if [ -z "$found" ]; then
      echo "the Go module proxy serves no aws-cdk-go release at or above the minimum $cdk_version (it serves: $(echo $served)); not building below the minimum" >&2
      exit 1
    fi
    warn "aws-cdk-go $cdk_version is not served by this machine's Go module proxy: building the Go module against v$found, the oldest release it serves above the minimum"
    npx jsii-pacmak --target go --code-only --outdir "$check_dir"
    cd "$check_dir/go"/*/
    # Drop the pinned versions that the newer release does not need; `go mod tidy` picks its own.
    go mod edit -require="github.com/aws/aws-cdk-go/awscdk/v2@v$found"
    for indirect in $(go mod edit -json | node -e 'const m=JSON.parse(require("fs").readFileSync(0));for (const r of m.Require) if (r.Indirect) console.log(r.Path)'); do
      go mod edit -droprequire="$indirect"
    done
    go mod tidy
    go build ./...
    go vet ./...
    echo "built: $(go list -m) against aws-cdk-go v$found (in $check_dir/go)"
    ;;
esac
