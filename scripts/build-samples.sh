#!/usr/bin/env bash
# Build the sample plans and the test plans. Installs what the builders need (Debian packages:
# LibreOffice for Word → PDF export, Chromium for a browser's print to PDF, fonts) when missing,
# and reportlab into the Python that runs the builders. Only needed to rebuild the committed files.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} and fonts ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" fonts-dejavu fonts-liberation \
    fonts-crosextra-carlito >/dev/null
fi
python=${PYTHON:-python3}
"$python" -m pip install -q -e ".[samples]"
"$python" scripts/build_samples.py
"$python" scripts/build_test_plans.py
"$python" scripts/build_pdf_test_plans.py
"$python" scripts/build_shape_plans.py
