#!/usr/bin/env bash
# Go check (issue 16): builds the library's Go module with `npx projen package:go` (the jsii target
# declared in .projenrc.ts, written to dist/go/cdkdeliverypipeline; pacmak also runs `go build` on it),
# builds examples/go (the seed pipeline in Go; its go.mod replaces the library's module with dist/go and
# takes aws-cdk-go from the Go module proxy), synthesizes it with `npx cdk synth`, and checks that its
# template and cdk-nag acknowledgements equal the TypeScript example's (examples/cdk.out), ignoring
# metadata and asset hashes.
#
# Needs: node_modules (npm ci), Go 1.25+, the Go module proxy. Writes only to gitignored folders (dist/,
# .bench/go, examples/*/cdk.out, lib/, .jsii) and Go's own caches (GOMODCACHE, GOCACHE). Prints the time
# of each step.
EXAMPLE=go
source "$(dirname "$0")/example-lib.sh"
# examples/go/go.sum is committed: -mod=readonly (Go's default, said here) fails instead of rewriting it.
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"
BIN="$ROOT/.bench/go/shop-pipeline"

compile_if_needed

package_if_needed go dist/go/cdkdeliverypipeline/go.mod   # pacmak runs go mod tidy + go build on it
head -n 3 dist/go/cdkdeliverypipeline/go.mod

step "go build examples/go (aws-cdk-go from the Go module proxy, the library from dist/go)"
mkdir -p "$(dirname "$BIN")"
(cd examples/go && go mod download && go build -o "$BIN" .)
(cd examples/go && go list -m github.com/aws/aws-cdk-go/awscdk/v2 github.com/aws/constructs-go/constructs/v10 github.com/aws/jsii-runtime-go)

synth_typescript_if_needed

step "synthesize the Go example (cd examples/go && npx cdk synth, app: the binary built above)"
# cdk.json's app is `go mod download && go run .`, the CDK's Go template; the binary built above is the same
# program without a second link.
rm -rf examples/go/cdk.out
(cd examples/go && npx cdk synth --quiet --app "$BIN")

step "compare the templates"
python3 .ci/compare_templates.py examples/cdk.out examples/go/cdk.out ShopPipeline

finish
