#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png: starts the console on a scratch embedded lab under Xvfb, seeds a
# believable mix of shares (and runs the three races), shows every view and saves each one.
# Needs: xvfb, libgtk-3-0, libxtst6, libgl1 (see ../shared/design/STACK.md). The tour is a script in
# the app's test classes, not part of the shipped console.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
cp_file=$(mktemp)
mvn -q -B dependency:build-classpath -pl app -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
out=docs/screenshots
mkdir -p "$out"
trap 'rm -f "$cp_file"; [[ -n ${xvfb:-} ]] && kill "$xvfb" 2>/dev/null || true' EXIT
if [[ -z ${DISPLAY:-} ]]; then
  export DISPLAY=:97
  Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
fi
java -Dprism.order=sw -cp "app/target/test-classes:app/target/classes:$(cat "$cp_file")" \
  'io.lockstep.app.ScreenshotTourApp$Main' "$out"
ls -l "$out"
