#!/bin/sh
# Copies what the runtime image needs from a built checkout SRC into OUT: the root manifest and
# lock, every workspace's package.json and dist/, and the SQL migrations. `npm ci --omit=dev` in
# OUT then installs production dependencies only. Used by the Dockerfile and by
# tools/docker-check.mjs, which runs the same steps outside Docker.
set -eu
src=${1:?usage: assemble-runtime.sh SRC OUT}
out=${2:?usage: assemble-runtime.sh SRC OUT}
mkdir -p "$out"
cp "$src/package.json" "$src/package-lock.json" "$out/"
for dir in "$src"/apps/* "$src"/libs/*; do
  [ -f "$dir/package.json" ] || continue
  rel=${dir#"$src"/}
  mkdir -p "$out/$rel"
  cp "$dir/package.json" "$out/$rel/"
  if [ -d "$dir/dist" ]; then
    cp -R "$dir/dist" "$out/$rel/dist"
    find "$out/$rel/dist" -name '*.tsbuildinfo' -delete
  fi
done
mkdir -p "$out/supabase"
cp -R "$src/supabase/migrations" "$out/supabase/migrations"
cp -R "$src/samples" "$out/samples"
