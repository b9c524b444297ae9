# Shared by .ci/python-example.sh, .ci/java-example.sh and .ci/go-example.sh (sourced, not run):
# environment, per-step timings (.ci/timings.sh), the jsii compile check and the TypeScript example's template.
# Set EXAMPLE (the language) before sourcing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

export JSII_SILENCE_SUPPORT_WARNING=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_CLI_TELEMETRY=true NPM_CONFIG_UPDATE_NOTIFIER=false FORCE_COLOR=0
mkdir -p "$ROOT/.bench"

STEP_PREFIX="$EXAMPLE-example: " STEP_TIME_FORMAT='%ss'
source "$ROOT/.ci/timings.sh"
finish() {
  end_step
  echo "$EXAMPLE-example timings:"
  printf '  %s\n' "${timings[@]}"
  echo "$EXAMPLE-example: passed in $((SECONDS - t0))s"
}

# jsii compile, unless .jsii is newer than src/ and package.json (.ci/run has just built it).
compile_if_needed() {
  step "jsii compile (npx projen compile, unless .jsii is newer than src/ and package.json)"
  if [ -f .jsii ] && [ -z "$(find src package.json -newer .jsii -print -quit)" ]; then
    echo ".jsii is up to date"
  else
    npx projen compile
  fi
}

# The TypeScript example's cloud assembly (examples/cdk.out), unless it is newer than src/ and examples/*.ts.
synth_typescript_if_needed() {
  step "synthesize the TypeScript example (npm run synth:example, unless examples/cdk.out is up to date)"
  if [ -f examples/cdk.out/ShopPipeline.template.json ] \
    && [ -z "$(find src examples/*.ts package.json -newer examples/cdk.out/ShopPipeline.template.json -print -quit)" ]; then
    echo "examples/cdk.out is up to date"
  else
    npm run synth:example
  fi
}

# dist/<language> from `npx projen package:<language>`, unless <marker> (a file pacmak writes there) is
# newer than .jsii: `.ci/run` has just built every target with `npx projen package-all`.
package_if_needed() {
  local language="$1" marker="$2"
  step "npx projen package:$language (jsii-pacmak --target $language: dist/$language, unless it is newer than .jsii)"
  # shellcheck disable=SC2086 # the marker may be a glob
  if [ -n "$(find $marker -newer .jsii -print -quit 2>/dev/null)" ]; then
    echo "dist/$language is up to date ($(ls $marker))"
  else
    rm -rf "dist/$language"
    npx projen "package:$language"
  fi
}
