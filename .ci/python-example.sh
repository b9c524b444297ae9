#!/usr/bin/env bash
# Python check (issue 7): builds the library's Python package with jsii-pacmak, installs it in a
# virtualenv with aws-cdk-lib and constructs from PyPI, synthesizes examples/python (the seed pipeline in
# Python) with `npx cdk synth`, and checks that its template equals the TypeScript example's
# (examples/cdk.out, from `npm run synth:example`), ignoring metadata and asset hashes.
#
# Needs: node_modules (npm ci), python3 with venv, PyPI. Writes only to gitignored folders
# (.bench/, examples/cdk.out, examples/python/cdk.out, lib/, .jsii). Prints the time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

export JSII_SILENCE_SUPPORT_WARNING=1 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_CLI_TELEMETRY=true NPM_CONFIG_UPDATE_NOTIFIER=false FORCE_COLOR=0
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

mkdir -p "$ROOT/.bench"
WORK="$ROOT/.bench/python"       # pacmak output (gitignored)
VENV="$ROOT/.bench/venv-py"      # the example's virtualenv (gitignored)
t0=$SECONDS
last=$SECONDS
timings=()
current=""
step() {
  if [ -n "$current" ]; then timings+=("$((SECONDS - last))s  $current"); fi
  current="$*"; last=$SECONDS
  echo; echo "=== python-example: $* ($((SECONDS - t0))s)"
}

step "jsii compile (npx projen compile, unless .jsii is newer than src/ and package.json)"
if [ -f .jsii ] && [ -z "$(find src package.json -newer .jsii -print -quit)" ]; then
  echo ".jsii is up to date"
else
  npx projen compile
fi

step "jsii-pacmak --target python"
# The Python target is not configured in package.json (jsii.targets) yet. Until it is, add it to a copy of
# the compiled assembly for pacmak and put the original back afterwards.
cp .jsii "$ROOT/.bench/jsii.orig"
restore_assembly() { if [ -f "$ROOT/.bench/jsii.orig" ]; then mv -f "$ROOT/.bench/jsii.orig" "$ROOT/.jsii"; fi; }
trap restore_assembly EXIT
node -e '
  const fs = require("fs");
  const a = JSON.parse(fs.readFileSync(".jsii", "utf8"));
  if (a.targets && a.targets.python) { process.exit(0); }
  a.targets = { ...a.targets, python: { distName: "cdk-delivery-pipeline", module: "cdk_delivery_pipeline" } };
  fs.writeFileSync(".jsii", JSON.stringify(a, undefined, 2));
  console.log("note: jsii.targets.python is not in package.json; using distName cdk-delivery-pipeline, module cdk_delivery_pipeline");
'
rm -rf "$WORK"
npx jsii-pacmak --target python --outdir "$WORK"
restore_assembly
trap - EXIT
WHEEL="$(ls "$WORK"/python/*.whl)"
echo "built $WHEEL"

step "virtualenv + pip install (aws-cdk-lib, constructs, the wheel)"
CDK_VERSION="$(node -p 'require("aws-cdk-lib/package.json").version')"
CONSTRUCTS_VERSION="$(node -p 'require("constructs/package.json").version')"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
export PATH="$VENV/bin:$PATH" VIRTUAL_ENV="$VENV"
"$VENV/bin/python" -m pip install --quiet "constructs==$CONSTRUCTS_VERSION"
if "$VENV/bin/python" -m pip install --quiet "aws-cdk-lib==$CDK_VERSION" 2> "$ROOT/.bench/pip-exact.log"; then
  "$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
  "$VENV/bin/python" -m pip install --quiet "$WHEEL"
else
  # The npm release can reach PyPI days later. Fall back to the newest older release and say so loudly:
  # the template comparison below still shows whether the Python package synthesizes the same pipeline.
  tail -n 1 "$ROOT/.bench/pip-exact.log" >&2
  echo "WARNING: aws-cdk-lib==$CDK_VERSION (the version the TypeScript build uses) is not on PyPI;" \
       "installing the newest older release instead, and the wheel without its aws-cdk-lib>=$CDK_VERSION requirement." >&2
  "$VENV/bin/python" -m pip install --quiet "aws-cdk-lib<=$CDK_VERSION"
  "$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
  # The wheel's other requirements (jsii runtime, publication), read from its metadata.
  "$VENV/bin/python" -c '
import sys, zipfile
whl = zipfile.ZipFile(sys.argv[1])
meta = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
for line in whl.read(meta).decode().splitlines():
    if line.startswith("Requires-Dist:") and "aws-cdk-lib" not in line:
        print(line.split(":", 1)[1].strip())
' "$WHEEL" | xargs -r -d '\n' "$VENV/bin/python" -m pip install --quiet
fi
"$VENV/bin/python" -m pip list 2>/dev/null | grep -E '^(aws-cdk-lib|constructs|jsii|cdk-delivery-pipeline) '

step "synthesize the TypeScript example (npm run synth:example)"
npm run synth:example

step "synthesize the Python example (cd examples/python && npx cdk synth)"
rm -rf examples/python/cdk.out
(cd examples/python && npx cdk synth --quiet)

step "compare the templates"
python3 .ci/compare_templates.py examples/cdk.out examples/python/cdk.out ShopPipeline

timings+=("$((SECONDS - last))s  $current")
echo "python-example timings:"
printf '  %s\n' "${timings[@]}"
echo "python-example: passed in $((SECONDS - t0))s"
