#!/usr/bin/env bash
# The oldest aws-cdk-lib the peer dependency admits: installs it in a scratch copy (.scratch/cdk-floor),
# type-checks the library (src/) against it and synthesizes the seed example with it.
#   bash .ci/cdk-floor.sh            the peer dependency's floor (package.json)
#   bash .ci/cdk-floor.sh 2.180.0    another release (to find the floor: the check is the same)
#   CHECK_ONLY=1 bash .ci/cdk-floor.sh 2.180.0   type-check only, no synth
#   CONSTRUCTS_VERSION=10.0.0 bash .ci/cdk-floor.sh   another constructs than the peer dependency's floor
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version="${1:-$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '')")}"
constructs="${CONSTRUCTS_VERSION:-$(node -p "require('./package.json').peerDependencies['constructs'].replace(/^[^0-9]*/, '')")}"
scratch="$root/.scratch/cdk-floor"
deps="$scratch/deps-$version-constructs-$constructs"
work="$scratch/work-$version"

# aws-cdk-lib@<version> and the oldest constructs the peer dependency admits, on their own.
if [ ! -f "$deps/node_modules/aws-cdk-lib/package.json" ]; then
  rm -rf "$deps" && mkdir -p "$deps"
  echo '{ "name": "cdk-floor-deps", "private": true }' > "$deps/package.json"
  npm install --prefix "$deps" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
    "aws-cdk-lib@$version" "constructs@$constructs" >/dev/null
fi
echo "aws-cdk-lib $(node -p "require('$deps/node_modules/aws-cdk-lib/package.json').version"), constructs $(node -p "require('$deps/node_modules/constructs/package.json').version")"

# A copy of the sources whose node_modules is the project's, but for aws-cdk-lib and constructs.
rm -rf "$work" && mkdir -p "$work/node_modules"
mkdir -p "$work/test" "$work/.ci"
cp -r src examples tsconfig.json "$work/"
cp test/tsconfig.json "$work/test/"
cp .ci/cdk-floor-app.ts "$work/.ci/"
# The example's cdk-nag acknowledgements use Validations.acknowledge, newer than the floor: they belong
# to the example app, not to the library, so the floor copy leaves them out.
cat > "$work/examples/nag-acknowledgements.ts" <<'TS'
export function acknowledgeShopPipelineFindings(_pipeline: unknown): void {}
TS
for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
  name=$(basename "$entry")
  case "$name" in aws-cdk-lib|constructs) continue ;; esac
  ln -s "$entry" "$work/node_modules/$name"
done
ln -s "$deps/node_modules/aws-cdk-lib" "$work/node_modules/aws-cdk-lib"
ln -s "$deps/node_modules/constructs" "$work/node_modules/constructs"

cd "$work"
echo "type-check src/ against it"
"$root/node_modules/.bin/tsc" --noEmit -p tsconfig.json
[ -n "${CHECK_ONLY:-}" ] && exit 0

echo "synthesize the seed example with it: the same resources as with the latest aws-cdk-lib"
(cd "$root" && CDK_FLOOR_PRINT="$work/expected-resources.txt" node_modules/.bin/ts-node --transpile-only --project examples/tsconfig.json .ci/cdk-floor-app.ts)
"$root/node_modules/.bin/ts-node" --transpile-only --project examples/tsconfig.json .ci/cdk-floor-app.ts expected-resources.txt
