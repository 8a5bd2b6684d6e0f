#!/usr/bin/env bash
# Builds a self-contained Registro for this OS with jpackage (from the JDK):
#   installer/build.sh            -> target/installer/Registro (app image, runs without a JDK)
#   installer/build.sh deb        -> target/installer/registro_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
type=${1:-app-image}
version=$(mvn -q help:evaluate -Dexpression=project.version -DforceStdout | sed 's/-SNAPSHOT//')
mvn -B -q package -DskipTests
rm -rf target/installer target/jpackage-input
mkdir -p target/jpackage-input
cp target/registro.jar target/jpackage-input/
cp target/lib/*.jar target/jpackage-input/
args=(--name Registro --app-version "$version" --vendor "Registro"
      --description "One record per person, consent-safe lists for every email tool"
      --input target/jpackage-input --main-jar registro.jar --main-class org.registro.Main
      --icon assets/icon.png --java-options "-Xmx4g" --dest target/installer)
if [ "$type" = deb ]; then
  jpackage "${args[@]}" --type deb --linux-shortcut --linux-menu-group Office \
    --linux-package-deps "libgtk-3-0" --linux-app-category office
else
  jpackage "${args[@]}" --type app-image
fi
ls -la target/installer
