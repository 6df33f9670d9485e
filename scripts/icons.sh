#!/usr/bin/env bash
# Renders Lockstep's icon from assets/src/main/icons/lockstep.svg: the PNGs the console and the Linux
# packages use (16 to 512 px), the Windows .ico and the macOS .icns. The outputs are committed; run this
# after changing the SVG. Needs librsvg2-bin, imagemagick and icnsutils (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
svg=assets/src/main/icons/lockstep.svg
png=assets/src/main/resources/io/lockstep/assets/icons
out=assets/src/main/icons
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$png"
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" "$svg" -o "$png/lockstep-$size.png"
done
rsvg-convert -w 1024 -h 1024 "$svg" -o "$tmp/lockstep-1024.png"
convert "$png"/lockstep-{16,24,32,48,64,256}.png "$out/lockstep.ico"
png2icns "$out/lockstep.icns" "$png"/lockstep-{16,32,128,256,512}.png "$tmp/lockstep-1024.png" >/dev/null
ls -l "$png" "$out"
