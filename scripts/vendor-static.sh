#!/usr/bin/env bash
# Copy the npm front-end packages into the app's static folder: the app never loads a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/tambon/core/static/vendor
rm -rf "$out" && mkdir -p "$out"/{bootstrap,bootstrap-icons,sarabun,htmx,echarts}
nm=node_modules
cp $nm/bootstrap/dist/css/bootstrap.min.css $nm/bootstrap/dist/js/bootstrap.bundle.min.js "$out/bootstrap/"
cp $nm/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp -r $nm/bootstrap-icons/font/fonts "$out/bootstrap-icons/"
cp $nm/@fontsource/sarabun/{400,600,700}.css "$out/sarabun/"
mkdir -p "$out/sarabun/files"
cp $nm/@fontsource/sarabun/files/sarabun-*-{400,600,700}-normal.woff* "$out/sarabun/files/"
cp $nm/htmx.org/dist/htmx.min.js "$out/htmx/"
cp $nm/echarts/dist/echarts.min.js "$out/echarts/"
echo "vendored front-end assets into $out"
