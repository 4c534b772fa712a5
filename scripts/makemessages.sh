#!/usr/bin/env bash
# Extract translatable strings per app into src/tambon/<app>/locale/th/LC_MESSAGES/django.po.
set -euo pipefail
cd "$(dirname "$0")/../src/tambon"
for app in */; do
  app=${app%/}
  [ -f "$app/apps.py" ] || continue
  mkdir -p "$app/locale"
  (cd "$app" && ../../../.venv/bin/django-admin makemessages -l th --no-obsolete --no-location \
      --ignore 'static/*' -v 0 || true)
done
