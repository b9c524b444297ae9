#!/usr/bin/env python3
"""Checks that two cloud assemblies hold the same stack template and the same cdk-nag acknowledgements.

    python3 .ci/compare_templates.py [--template-only] <expected cdk.out> <actual cdk.out> [StackName]

Ignored: `Metadata` keys (template and resources), `AWS::CDK::Metadata` resources and their
`CDKMetadataAvailable` condition, `Parameters.BootstrapVersion`, `Rules.CheckBootstrapVersion`, and asset
hashes (64 hex digits). Compared as well: the acknowledged rule ids and reasons per construct path
(`aws:cdk:acknowledged-rules` entries of <Stack>.metadata.json), unless --template-only (for an app that
could not acknowledge them, said loudly by its caller). Exits 1 with a unified diff on a mismatch.
"""
import difflib
import json
import re
import sys
from pathlib import Path

HASH = re.compile(r"\b[0-9a-f]{64}\b")
ACKNOWLEDGED = "aws:cdk:acknowledged-rules"


def normalize(template):
    template = json.loads(HASH.sub("<asset-hash>", json.dumps(template)))
    template.pop("Metadata", None)
    resources = template.get("Resources", {})
    for logical_id in [k for k, r in resources.items() if r.get("Type") == "AWS::CDK::Metadata"]:
        del resources[logical_id]
    for resource in resources.values():
        resource.pop("Metadata", None)
    for section, key in (("Parameters", "BootstrapVersion"), ("Rules", "CheckBootstrapVersion"),
                         ("Conditions", "CDKMetadataAvailable")):
        template.get(section, {}).pop(key, None)
        if section in template and not template[section]:
            del template[section]
    return template


def acknowledgements(assembly, stack):
    path = assembly / f"{stack}.metadata.json"
    if not path.exists():
        return {}
    result = {}
    for construct_path, entries in json.loads(path.read_text()).items():
        for entry in entries:
            if entry.get("type") == ACKNOWLEDGED:
                result.setdefault(construct_path, {}).update(entry.get("data") or {})
    return result


def render(value):
    return json.dumps(value, indent=1, sort_keys=True).splitlines(keepends=True)


def compare(label, expected, actual, expected_name, actual_name):
    if expected == actual:
        return True
    diff = list(difflib.unified_diff(render(expected), render(actual), expected_name, actual_name, n=4))
    print(f"MISMATCH in {label}: {sum(1 for l in diff if l[:1] in '+-') - 2} changed lines", file=sys.stderr)
    sys.stderr.writelines(diff[:400])
    if len(diff) > 400:
        print(f"... {len(diff) - 400} more diff lines", file=sys.stderr)
    return False


def main(argv):
    template_only = "--template-only" in argv
    argv = [a for a in argv if a != "--template-only"]
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    expected_dir, actual_dir = Path(argv[1]), Path(argv[2])
    stack = argv[3] if len(argv) == 4 else "ShopPipeline"
    expected_file, actual_file = expected_dir / f"{stack}.template.json", actual_dir / f"{stack}.template.json"
    for f in (expected_file, actual_file):
        if not f.exists():
            print(f"missing template: {f}", file=sys.stderr)
            return 1
    expected = normalize(json.loads(expected_file.read_text()))
    actual = normalize(json.loads(actual_file.read_text()))
    ok = compare("template", expected, actual, str(expected_file), str(actual_file))
    if template_only:
        print("cdk-nag acknowledgements NOT compared (--template-only)", file=sys.stderr)
    else:
        ok = compare("cdk-nag acknowledgements", acknowledgements(expected_dir, stack), acknowledgements(actual_dir, stack),
                     str(expected_dir / f"{stack}.metadata.json"), str(actual_dir / f"{stack}.metadata.json")) and ok
    if ok:
        acks = sum(len(v) for v in acknowledgements(actual_dir, stack).values())
        print(f"templates match: {len(actual.get('Resources', {}))} resources, {acks} acknowledgements "
              f"({expected_file} = {actual_file})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
