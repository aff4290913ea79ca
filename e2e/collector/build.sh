#!/usr/bin/env bash
# build.sh prints the path of an OpenTelemetry Collector binary that holds the
# contrib awsxray receiver and the file exporter, building it with the
# Collector Builder first when the cache has no binary for builder-config.yaml.
#
# The binary lives outside the repository, in
#   ${XRAY_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xray-e2e}/otelcol-<ocb version>-<manifest hash>
# and the e2e tests find it there by the same rule (collector_test.go).
# Progress and timings go to stderr; stdout carries only the path.
#
# Usage: build.sh          build when missing, print the binary's path
#        build.sh --path   print the path only (the tests use this)
set -euo pipefail

OCB_VERSION=v0.139.0
# The checksum database has no entries for these modules; the module proxy
# still serves them, so verification is skipped for exactly these prefixes.
NOSUMDB=github.com/open-telemetry/opentelemetry-collector-contrib,github.com/aws/aws-sdk-go-v2/service/xray

here=$(cd "$(dirname "$0")" && pwd)
manifest=$here/builder-config.yaml
cache=${XRAY_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xray-e2e}
hash=$(sha256sum <"$manifest" | cut -c1-16)
bin=$cache/otelcol-$OCB_VERSION-$hash

# --path prints where the binary is (or would be) and builds nothing.
if [ "${1:-}" = "--path" ] || [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$cache"
# One build at a time; a second caller waits and then reuses the result.
exec 9>"$cache/.build.lock"
flock 9
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

export GOWORK=off
export GONOSUMDB=${GONOSUMDB:+$GONOSUMDB,}$NOSUMDB
# The generated module resolves its own requirements: -mod=mod, replacing any
# -mod=readonly the caller (CI) exports.
goflags=""
for f in ${GOFLAGS:-}; do
	case $f in -mod=*) ;; *) goflags="$goflags $f" ;; esac
done
export GOFLAGS="${goflags# } -mod=mod"

ocb=$cache/ocb-$OCB_VERSION
if [ ! -x "$ocb" ]; then
	echo "xray-e2e: installing the Collector Builder $OCB_VERSION" >&2
	GOBIN=$work/bin go install "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION"
	mv "$work/bin/builder" "$ocb"
fi

# The manifest names no output path; the build happens in the scratch folder.
awk -v out="$work/src" '{ print } /^dist:/ { print "  output_path: " out }' \
	"$manifest" >"$work/builder-config.yaml"

echo "xray-e2e: building the collector into $bin (several minutes on a cold cache)" >&2
"$ocb" --config "$work/builder-config.yaml" >"$work/build.log" 2>&1 || {
	cat "$work/build.log" >&2
	echo "xray-e2e: collector build failed" >&2
	exit 1
}
mv "$work/src/otelcol-xray-e2e" "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "xray-e2e: collector built in $(($(date +%s) - start)) s" >&2
echo "$bin"
