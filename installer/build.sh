#!/usr/bin/env bash
# Builds a self-contained Registro with its own trimmed Java runtime (jlink) and jpackage, both from the JDK.
#
#   installer/build.sh             -> target/installer/Registro/ (app image: bin/Registro runs without a JDK)
#   installer/build.sh deb         -> target/installer/registro_<version>_amd64.deb (Debian, Ubuntu; needs fakeroot)
#   installer/build.sh msi         -> on Windows (Git Bash, with the WiX Toolset 3 on the PATH): an .msi
#   installer/build.sh dmg         -> on macOS: a .dmg
#
# jpackage builds for the system it runs on, so each package is made on its own system. The runtime holds only
# the JDK modules Registro uses (found by jdeps), plus the locale data (Spanish and Danish dates and numbers) and
# the extra charsets (windows-1252 and ISO-8859 files). The app image's size is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
type=${1:-app-image}
version=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout | sed -e "s/-SNAPSHOT//" -e "s/\x1b\[[0-9;]*m//g")
mvn -B -q package -DskipTests
rm -rf target/installer target/jpackage-input
mkdir -p target/jpackage-input target/installer
cp target/registro.jar target/jpackage-input/
cp target/lib/*.jar target/jpackage-input/

modules=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 \
  --class-path "target/lib/*" target/registro.jar)
modules="$modules,jdk.localedata,jdk.charsets,jdk.crypto.ec"
feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
if [ "${feature%%.*}" -ge 21 ]; then compress="--compress=zip-6"; else compress="--compress=2"; fi
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages $compress \
  --output target/installer/runtime

args=(--name Registro --app-version "$version" --vendor "Registro"
      --description "One record per person, consent-safe lists for every email tool"
      --input target/jpackage-input --main-jar registro.jar --main-class org.registro.Main
      --runtime-image target/installer/runtime
      --java-options "-Xmx4g" --dest target/installer)
case "$type" in
  deb)
    jpackage "${args[@]}" --type deb --icon assets/icon.png --linux-shortcut --linux-menu-group Office \
      --linux-package-deps "libgtk-3-0, libxtst6, libasound2" --linux-app-category office ;;
  msi)
    jpackage "${args[@]}" --type msi --win-menu --win-shortcut --win-dir-chooser ;;
  dmg)
    jpackage "${args[@]}" --type dmg ;;
  *)
    jpackage "${args[@]}" --type app-image --icon assets/icon.png ;;
esac
rm -rf target/installer/runtime
ls -la target/installer
if [ -d target/installer/Registro ]; then
  echo "App image: $(du -sh target/installer/Registro | cut -f1) (runtime $(du -sh target/installer/Registro/lib/runtime | cut -f1))"
fi
