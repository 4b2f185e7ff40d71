#!/usr/bin/env bash
# Installs the .deb as a DBA would (`apt-get install ./….deb`), checks that `reshard-console` and
# `reshard` are on the PATH of a fresh shell and run, that the console (only) has a menu entry, then
# removes and purges it and checks that nothing is left in /opt/reshard-console, /usr/bin and
# /usr/share/applications. A second round does the same on a "machine without a desktop menu":
# /usr/share/applications hidden behind an empty read-only tmpfs in a private mount namespace.
# Needs root and a machine where the package is not installed; it purges the package on any failure.
# .ci/run runs it; by hand: installer/build.sh --type deb && sudo installer/test-deb.sh
set -euo pipefail

deb="${1:-$(ls "$(cd "$(dirname "$0")/.." && pwd)"/target/installer/reshard-console_*.deb | head -n 1)}"
deb="$(readlink -f "$deb")"
pkg=reshard-console
apps=/usr/share/applications
fail() { echo "test-deb: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (it installs $deb)"
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q ' installed$'; then
  fail "$pkg is already installed here; remove it first (sudo dpkg --purge $pkg)"
fi
for launcher in reshard-console reshard; do
  [ ! -e "/usr/bin/$launcher" ] || fail "/usr/bin/$launcher exists before the installation"
done

installed=false
cleanup() { if [ "$installed" = true ]; then dpkg --purge "$pkg" >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT
listing() { if [ -d "$1" ]; then ls -A "$1"; else echo "(no $1)"; fi; }
apps_before="$(listing $apps)"
mime_before="$(listing /usr/share/mime/packages)"

# $1: desktop or minimal; the rest: the command prefix that runs a command on the machine under test.
round() {
  local kind="$1" log
  shift
  local in=("$@")
  log="$(mktemp)"
  installed=true
  # apt resolves the package's dependencies (xdg-utils and the X libraries); it needs package lists
  # only when one of them is missing, and then fetches them once.
  if ! "${in[@]}" apt-get install -y --no-install-recommends "$deb" >"$log" 2>&1; then
    if grep -q "has no installation candidate\|Unable to locate\|unmet dependencies" "$log"; then
      apt-get update -qq && "${in[@]}" apt-get install -y --no-install-recommends "$deb" >"$log" 2>&1 \
        || { cat "$log"; fail "apt-get install $deb failed"; }
    else
      cat "$log"; fail "apt-get install $deb failed"
    fi
  fi
  dpkg-query -W -f='${Status}' "$pkg" | grep -q '^install ok installed$' \
    || { cat "$log"; fail "$pkg is not fully installed: $(dpkg-query -W -f='${Status}' "$pkg")"; }
  # A fresh shell, no JDK, only the system PATH.
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$(mktemp -d)" sh -c '
    set -e
    for launcher in reshard-console reshard; do
      [ "$(command -v $launcher)" = /usr/bin/$launcher ] || { echo "$launcher is not on the PATH" >&2; exit 1; }
      [ "$(readlink /usr/bin/$launcher)" = /opt/reshard-console/bin/$launcher ] || { echo "/usr/bin/$launcher is not the link" >&2; exit 1; }
    done
    reshard --version
    reshard-console --version' || fail "the launchers do not run from the PATH"
  # Menu entries, as seen from the machine under test.
  "${in[@]}" sh -c "ls -A $apps 2>/dev/null | grep -i reshard || true" >"$log.menu"
  echo "menu entries: $(tr '\n' ' ' <"$log.menu")"
  if [ "$kind" = desktop ]; then
    [ "$(cat "$log.menu")" = "$pkg-$pkg.desktop" ] || fail "expected one menu entry, $pkg-$pkg.desktop"
    grep -q '^Exec=/opt/reshard-console/bin/reshard-console' "$apps/$pkg-$pkg.desktop" || fail "the menu entry does not start the console"
  else
    [ ! -s "$log.menu" ] || fail "a menu entry where there is no menu"
  fi
  "${in[@]}" apt-get remove -y "$pkg" >"$log" 2>&1 || { cat "$log"; fail "apt-get remove failed"; }
  dpkg --purge "$pkg" >"$log" 2>&1 || { cat "$log"; fail "dpkg --purge failed"; }
  installed=false
  [ ! -e /opt/reshard-console ] || fail "/opt/reshard-console is left after the removal"
  for launcher in reshard-console reshard; do
    [ ! -e "/usr/bin/$launcher" ] && [ ! -L "/usr/bin/$launcher" ] || fail "/usr/bin/$launcher is left after the removal"
  done
  [ "$(listing $apps)" = "$apps_before" ] || fail "$apps differs after the removal: $(listing $apps | tr '\n' ' ')"
  [ "$(listing /usr/share/mime/packages)" = "$mime_before" ] || fail "/usr/share/mime/packages differs after the removal"
  rm -f "$log" "$log.menu"
}

echo "== $deb on this machine"
SECONDS=0
round desktop env
echo "== without a writable $apps (no desktop menu)"
# `round` gets the namespace as its command prefix; the tmpfs hides $apps for that command only.
hidden() { unshare --mount --propagation private sh -c "mount -t tmpfs -o ro,size=1m tmpfs $apps && exec \"\$@\"" hidden "$@"; }
round minimal hidden
echo "test-deb: installed, ran and removed cleanly twice in ${SECONDS}s"
