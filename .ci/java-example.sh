#!/usr/bin/env bash
# Java check (issue 16): builds the library's Maven package with `npx projen package:java` (the jsii
# target declared in .projenrc.ts; dist/java is a Maven repository), compiles examples/java (the seed
# pipeline in Java) with Maven against aws-cdk-lib from Maven Central and the library from dist/java,
# synthesizes it with `npx cdk synth`, and checks that its template and cdk-nag acknowledgements equal the
# TypeScript example's (examples/cdk.out), ignoring metadata and asset hashes.
#
# Needs: node_modules (npm ci), a JDK 17+ and Maven, Maven Central. Writes only to gitignored folders
# (dist/, examples/java/target, examples/*/cdk.out, lib/, .jsii) and ~/.m2 (Maven's own cache). Prints the
# time of each step.
EXAMPLE=java
source "$(dirname "$0")/example-lib.sh"
M2_REPO="${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}"   # Maven's default local repository
MVN=(mvn -B -q -f examples/java/pom.xml)

compile_if_needed

package_if_needed java 'dist/java/io/github/cdk-delivery-pipeline/cdk-delivery-pipeline/*/*.pom'   # a Maven repository
ls dist/java/io/github/cdk-delivery-pipeline/cdk-delivery-pipeline/*/*.jar

step "mvn compile examples/java (aws-cdk-lib from Maven Central, the library from dist/java)"
# Maven never downloads a release again once it is in ~/.m2: drop the copy of an earlier dist/java.
rm -rf "$M2_REPO/io/github/cdk-delivery-pipeline"
CDK_VERSION="$(node -p 'require("aws-cdk-lib/package.json").version')"
FLOOR="$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '')")"
# The newest aws-cdk-lib on Maven Central from the peer dependency's floor up to the version the TypeScript
# build uses: that version itself, unless Maven Central does not have it yet (then said below).
"${MVN[@]}" "-Dcdk.version=[$FLOOR,$CDK_VERSION]" compile dependency:build-classpath \
  -Dmdep.outputFile="$ROOT/examples/java/target/classpath.txt"
JAVA_CDK_VERSION="$(tr ':' '\n' < examples/java/target/classpath.txt | sed -n 's#.*/aws-cdk-lib-\([0-9.]*\)\.jar$#\1#p')"
echo "aws-cdk-lib $JAVA_CDK_VERSION (Java), $CDK_VERSION (TypeScript)"
tr ':' '\n' < examples/java/target/classpath.txt | grep -E '/(cdk-delivery-pipeline|constructs|jsii-runtime)-[0-9.]*\.jar$'

synth_typescript_if_needed

step "synthesize the Java example (cd examples/java && npx cdk synth, app: java -cp target/classes:<classpath>)"
# cdk.json's app is `mvn compile exec:java`, the CDK's Java template; the same class with plain `java`
# spares a second Maven start and passes the resolved aws-cdk-lib.
APP="java -cp target/classes:$(cat examples/java/target/classpath.txt) io.github.cdkdeliverypipeline.examples.ShopApp"
COMPARE=()
rm -rf examples/java/cdk.out
if ! (cd examples/java && npx cdk synth --quiet --app "$APP") > "$ROOT/.bench/java-synth.log" 2>&1; then
  cat "$ROOT/.bench/java-synth.log" >&2
  if [ "$JAVA_CDK_VERSION" != "$CDK_VERSION" ] && grep -q 'InvalidValidationId' "$ROOT/.bench/java-synth.log"; then
    # aws-cdk-lib releases before Validations.acknowledge accepted '::' in rule ids reject cdk-nag's finding
    # ids (`AwsSolutions-IAM5[Resource::...]`): the app cannot acknowledge them with this Java release.
    echo "WARNING: aws-cdk-lib $CDK_VERSION (the version the TypeScript build uses) is not on Maven Central;" \
         "its newest older release there, $JAVA_CDK_VERSION, rejects the cdk-nag finding ids in Validations.acknowledge." \
         "Synthesizing WITHOUT the acknowledgements (-c nagAcknowledgements=false) and comparing the template only." >&2
    rm -rf examples/java/cdk.out
    (cd examples/java && npx cdk synth --quiet -c nagAcknowledgements=false --app "$APP")
    COMPARE=(--template-only)
  else
    exit 1
  fi
else
  grep -v '^\s*$' "$ROOT/.bench/java-synth.log" || true
  if [ "$JAVA_CDK_VERSION" != "$CDK_VERSION" ]; then
    echo "WARNING: aws-cdk-lib $CDK_VERSION is not on Maven Central: the Java app used $JAVA_CDK_VERSION." >&2
  fi
fi

step "compare the templates"
python3 .ci/compare_templates.py "${COMPARE[@]}" examples/cdk.out examples/java/cdk.out ShopPipeline

finish
