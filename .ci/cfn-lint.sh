#!/usr/bin/env bash
# Lints every synthesized CloudFormation template with AWS's cfn-lint: 0 errors, 0 warnings
# (apart from the checks .ci/cfn-lint.yaml ignores, each with its reason).
# Usage: .ci/cfn-lint.sh <cloud assembly dir>...
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cfn-lint >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check 'cfn-lint>=1.51,<2'
fi
templates=()
for dir in "$@"; do
  while IFS= read -r -d '' file; do templates+=("$file"); done < <(find "$dir" -name '*.template.json' -print0)
done
if [ "${#templates[@]}" -eq 0 ]; then
  echo "cfn-lint: no templates found in $*" >&2
  exit 1
fi
echo "cfn-lint $(cfn-lint --version | awk '{print $2}') on ${#templates[@]} templates"
cfn-lint --config-file .ci/cfn-lint.yaml --format parseable -- "${templates[@]}"
echo "cfn-lint: 0 errors, 0 warnings"
