#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png: starts the console on a scratch embedded lab under Xvfb, seeds a
# believable mix of shares (and runs the three races), shows every view and saves each one.
# Needs: xvfb, libgtk-3-0, libxtst6, libgl1 (see ../shared/design/STACK.md) and a built
# app/target/lockstep-console.jar (mvn -q -B install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=app/target/lockstep-console.jar
[[ -f $jar ]] || mvn -q -B install -DskipTests
out=docs/screenshots
mkdir -p "$out"
config=$(mktemp -d)
trap 'rm -rf "$config"; [[ -n ${xvfb:-} ]] && kill "$xvfb" 2>/dev/null || true' EXIT
if [[ -z ${DISPLAY:-} ]]; then
  export DISPLAY=:97
  Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
fi
java -Dprism.order=sw -jar "$jar" --scratch --config-dir "$config" --screenshots "$out"
ls -l "$out"
