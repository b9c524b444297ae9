#!/usr/bin/env bash
# Python check (issue 7, issue 16): builds the library's Python package with `npx projen package:python`
# (the jsii target declared in .projenrc.ts, written to dist/python), installs it in a virtualenv with
# aws-cdk-lib and constructs from PyPI, synthesizes examples/python (the seed pipeline in Python) with
# `npx cdk synth`, and checks that its template and cdk-nag acknowledgements equal the TypeScript
# example's (examples/cdk.out, from `npm run synth:example`), ignoring metadata and asset hashes.
#
# Needs: node_modules (npm ci), python3 with venv, PyPI. Writes only to gitignored folders
# (dist/, .bench/, examples/cdk.out, examples/python/cdk.out, lib/, .jsii). Prints the time of each step.
EXAMPLE=python
source "$(dirname "$0")/example-lib.sh"
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
VENV="$ROOT/.bench/venv-py"      # the example's virtualenv (gitignored)

compile_if_needed

package_if_needed python 'dist/python/*.whl'
WHEEL="$(ls dist/python/*.whl)"
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

synth_typescript_if_needed

step "synthesize the Python example (cd examples/python && npx cdk synth)"
rm -rf examples/python/cdk.out
(cd examples/python && npx cdk synth --quiet)

step "compare the templates"
python3 .ci/compare_templates.py examples/cdk.out examples/python/cdk.out ShopPipeline

finish
