#!/usr/bin/env bash
# Builds the Java or Go package: `scripts/package-jsii-target.sh java|go`.
#
# Normally this is exactly projen's `package:java` / `package:go` (jsii-pacmak), which resolves
# aws-cdk-lib from Maven or the Go module proxy at the version we build against.
#
# Some registry mirrors lag behind: they may serve aws-cdk-lib to npm and PyPI but not yet the
# Maven or Go artifacts of the same release. Then the real package cannot resolve its
# dependencies. Rather than fail, or pretend, this script then generates the same code with
# jsii-pacmak, compiles it against the newest aws-cdk-lib 2.x that the mirror does serve, and
# says so. That still proves the Java/Go surface of the library compiles; the release workflow,
# which reaches the public registries, builds the real package.
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

if probe "$cdk_version"; then
  exec npx jsii-pacmak -v --target "$target"
fi

warn "aws-cdk-lib $cdk_version is not available from this machine's $target registry; compiling the generated $target code against an older aws-cdk-lib instead (the release workflow builds the real package)"
rm -rf "$check_dir"
npx jsii-pacmak --target "$target" --code-only --outdir "$check_dir"

case "$target" in
  java)
    cd "$check_dir/java"
    # Let Maven pick the newest aws-cdk-lib 2.x its repository lists.
    sed -i.orig -E 's#<version>\[[0-9.]+,3\.0\.0\)</version>#<version>[2.0.0,3.0.0)</version>#' pom.xml
    mvn -B -q package -DskipTests -Dmaven.javadoc.skip=true
    resolved=$(mvn -B -q dependency:list -DincludeArtifactIds=aws-cdk-lib -DoutputFile=/dev/stdout 2>/dev/null | grep -o 'aws-cdk-lib:jar:[0-9.]*' | head -1 || true)
    echo "compiled: $(ls target/*.jar | tr '\n' ' ')against ${resolved:-an older aws-cdk-lib}"
    ;;
  go)
    cd "$check_dir/go"/*/
    # The Go proxy has no version list here: probe minor releases downwards from ours.
    minor=$(echo "$cdk_version" | cut -d. -f2)
    found=""
    for ((m = minor - 1; m >= minor - 40 && m > 0; m--)); do
      if probe "2.$m.0"; then found="2.$m.0"; break; fi
    done
    if [ -z "$found" ]; then
      echo "no aws-cdk-go release between 2.$((minor - 40)).0 and $cdk_version is available" >&2
      exit 1
    fi
    # Drop the pinned versions that the older release does not need; `go mod tidy` picks its own.
    go mod edit -require="github.com/aws/aws-cdk-go/awscdk/v2@v$found"
    for indirect in $(go mod edit -json | node -e 'const m=JSON.parse(require("fs").readFileSync(0));for (const r of m.Require) if (r.Indirect) console.log(r.Path)'); do
      go mod edit -droprequire="$indirect"
    done
    go mod tidy
    go build ./...
    go vet ./...
    echo "compiled: $(go list -m) against aws-cdk-go v$found"
    ;;
esac
