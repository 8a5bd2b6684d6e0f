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
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages $compress --generate-cds-archive \
  --output target/installer/runtime

args=(--name Registro --app-version "$version" --vendor "Registro"
      --description "One record per person, consent-safe lists for every email tool" --dest target/installer)
jpackage "${args[@]}" --type app-image --icon assets/icon.png \
  --input target/jpackage-input --main-jar registro.jar --main-class org.registro.Main \
  --runtime-image target/installer/runtime --java-options "-Xmx4g"
rm -rf target/installer/runtime
image=target/installer/Registro
[ -d "$image" ] || image=target/installer/Registro.app   # macOS

# Class data sharing: the classes a start loads, stored once, halve the start (4 s to 2 s on 2 cores). The archive
# is made by starting the app image on a sample workspace under a virtual display when there is one (xvfb-run),
# else by a command line check (then the window's own classes load as usual).
launcher="$image/bin/Registro"
if [ -x "$launcher" ]; then
  scratch=$(mktemp -d)
  "$launcher" workspace sample spanish-ngo "$scratch/sample" >/dev/null
  archive="$image/lib/app/registro.jsa"
  if command -v xvfb-run >/dev/null 2>&1; then
    JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$archive -Dregistro.measureStart=$scratch/start.txt -Dprism.order=sw -Dregistro.home=$scratch/home" \
      xvfb-run -a "$launcher" --workspace "$scratch/sample" >/dev/null 2>&1 || true
  fi
  if [ ! -f "$archive" ]; then
    JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$archive" "$launcher" --workspace "$scratch/sample" workspace check \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
  if [ -f "$archive" ]; then
    # the launcher's settings: use the archive (a JVM that cannot, starts as it would without)
    sed -i.bak 's/^java-options=-Xmx4g$/java-options=-Xmx4g\njava-options=-XX:SharedArchiveFile=$APPDIR\/registro.jsa/' \
      "$image/lib/app/Registro.cfg" && rm -f "$image/lib/app/Registro.cfg.bak"
  fi
fi

case "$type" in
  deb)
    jpackage "${args[@]}" --type deb --app-image "$image" --linux-shortcut --linux-menu-group Office \
      --linux-package-deps "libgtk-3-0, libxtst6, libasound2" --linux-app-category office ;;
  msi)
    jpackage "${args[@]}" --type msi --app-image "$image" --win-menu --win-shortcut --win-dir-chooser ;;
  dmg)
    jpackage "${args[@]}" --type dmg --app-image "$image" ;;
esac
ls -la target/installer
echo "App image: $(du -sh "$image" | cut -f1) (runtime $(du -sh "$image/lib/runtime" 2>/dev/null | cut -f1))"
