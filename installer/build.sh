#!/usr/bin/env bash
# Builds Reshard Console as a self-contained application: a jlink'd Java runtime plus a jpackage app
# image under target/installer/reshard-console/, whose bin/reshard-console opens the console and whose
# bin/reshard is the command line. No JDK is needed where it is installed.
#
#   installer/build.sh                  app image, and a .deb on Debian/Ubuntu
#   installer/build.sh --type app-image only the app image (what CI builds)
#   installer/build.sh --type deb|rpm   a Linux package (deb needs dpkg-deb + fakeroot, rpm needs rpmbuild)
#   installer/build.sh --skip-build     reuse target/reshard-console.jar and target/lib
# The .deb links reshard-console and reshard into /usr/bin (maintainer scripts in installer/linux/);
# installer/test-deb.sh installs, runs and removes it. dpkg-deb compresses it with xz (minutes);
# DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=1 in the environment makes that seconds.
#
# Windows (.msi) — run from Git Bash with a JDK 21+ and the WiX Toolset 3 (candle.exe, light.exe) on
# the PATH:     installer/build.sh --type msi
#   It adds --win-menu --win-shortcut --win-dir-chooser and the .ico icon; the MSI installs per machine.
# macOS (.dmg) — run on a Mac with a JDK 21+ (Xcode command line tools for signing, optional):
#               installer/build.sh --type dmg
#   It needs installer/icons/reshard.icns: iconutil -c icns from an iconset made of reshard.png
#   (e.g. `mkdir r.iconset; sips -z 512 512 reshard.png --out r.iconset/icon_512x512.png; iconutil -c icns r.iconset`).
# jpackage builds packages only for the platform it runs on, so each platform builds its own.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
name="reshard-console"
vendor="Reshard Console developers"
description="Online resharding and scatter-gather queries for PostgreSQL and SQLite shards"
types=()
skip_build=false
while [ $# -gt 0 ]; do
  case "$1" in
    --type) types+=("$2"); shift 2 ;;
    --skip-build) skip_build=true; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ ${#types[@]} -eq 0 ]; then
  types=(app-image)
  if command -v dpkg >/dev/null 2>&1; then types+=(deb); fi
fi

find_jdk() {
  local java home version
  for java in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$java" ] && [ -x "$java" ] || continue
    home="$(cd "$(dirname "$(readlink -f "$java")")/.." && pwd)"
    version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] && [ -x "$home/bin/jpackage" ] && [ -x "$home/bin/jlink" ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}
jdk="$(find_jdk)" || { echo "build.sh: needs a JDK 21+ with jlink and jpackage (looked at JAVA_HOME, PATH, /usr/lib/jvm)" >&2; exit 2; }
echo "Using the JDK in $jdk"

if [ "$skip_build" = false ]; then
  (cd "$root" && mvn -q -B -DskipTests package)
fi
jar="$root/target/reshard-console.jar"
[ -f "$jar" ] || { echo "build.sh: $jar is missing — run without --skip-build" >&2; exit 2; }
version="$(sed -n 's/^version=//p' "$root/target/maven-archiver/pom.properties")"
app_version="${version%%-*}"

out="$root/target/installer"
input="$out/input"
rm -rf "$out"
mkdir -p "$input"
cp "$jar" "$input/"
cp "$root"/target/lib/*.jar "$input/"

# The runtime holds just the modules the application and its libraries use, as jdeps finds them,
# plus what is loaded reflectively (JDBC drivers' SSL, logging, scripting for FXML, the SQLite native loader).
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 \
  --class-path "$input/*" "$jar" 2>/dev/null || true)"
modules="${modules:+$modules,}java.naming,java.management,java.sql,java.desktop,java.logging,java.scripting,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs"
echo "Runtime modules: $modules"
# Options kept in the runtime image itself apply to both launchers without the JVM's warning about
# ThreadPriorityPolicy=1; they only lower the console's background threads (README, "Priorities").
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --add-options="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10 -XX:CompilerThreadPriority=5" --output "$out/runtime"

java_options=(--java-options "--enable-native-access=ALL-UNNAMED")
common=(--name "$name" --app-version "$app_version" --vendor "$vendor" --description "$description"
  --input "$input" --main-jar "$(basename "$jar")" --main-class org.reshard.Main --runtime-image "$out/runtime"
  "${java_options[@]}" --add-launcher "reshard=$root/installer/reshard-launcher.properties" --dest "$out")

for type in "${types[@]}"; do
  case "$type" in
    app-image)
      "$jdk/bin/jpackage" --type app-image "${common[@]}" --icon "$root/installer/icons/reshard.png"
      image="$out/$name"
      echo "App image: $image ($(du -sh "$image" | cut -f1)); console: $image/bin/$name, command line: $image/bin/reshard"
      ;;
    deb|rpm)
      linux=()
      if [ "$type" = deb ]; then
        if ! command -v fakeroot >/dev/null 2>&1; then apt-get install -y fakeroot >/dev/null; fi
        # installer/linux/: maintainer scripts that link both launchers into /usr/bin and survive a
        # machine without a desktop menu (jpackage's own leave the package half-configured there).
        linux=(--resource-dir "$root/installer/linux")
      fi
      "$jdk/bin/jpackage" --type "$type" "${common[@]}" --icon "$root/installer/icons/reshard.png" \
        --linux-shortcut --linux-menu-group "Development" --linux-app-category "database" \
        --linux-package-name "$name" --file-associations "$root/installer/topology-files.properties" \
        ${linux[@]+"${linux[@]}"}
      echo "Package: $(ls "$out"/*."$type")"
      ;;
    msi)
      "$jdk/bin/jpackage" --type msi "${common[@]}" --icon "$root/installer/icons/reshard.ico" \
        --win-menu --win-shortcut --win-dir-chooser --file-associations "$root/installer/topology-files.properties"
      ;;
    dmg)
      "$jdk/bin/jpackage" --type dmg "${common[@]}" --icon "$root/installer/icons/reshard.icns" \
        --mac-package-identifier org.reshard.console --file-associations "$root/installer/topology-files.properties"
      ;;
    *) echo "build.sh: unknown type $type (app-image, deb, rpm, msi, dmg)" >&2; exit 2 ;;
  esac
done
