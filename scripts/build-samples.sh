#!/usr/bin/env bash
# Build the sample plans: installs LibreOffice (Debian) when missing, then runs the builders.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v soffice >/dev/null 2>&1; then
  echo "installing LibreOffice (writer, headless) and fonts ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui fonts-dejavu fonts-liberation fonts-crosextra-carlito >/dev/null
fi
python=${PYTHON:-python3}
"$python" scripts/build_samples.py
if [ -f scripts/build_test_plans.py ]; then
  "$python" scripts/build_test_plans.py
fi
