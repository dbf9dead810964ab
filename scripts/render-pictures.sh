#!/usr/bin/env bash
# Render the first page of tables of the sample's Word report, and the workbook, to PNG for the README.
# Installs LibreOffice and poppler-utils (Debian) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" fonts-crosextra-carlito >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
planparse=${PLANPARSE:-planparse}
"$planparse" convert samples/handlingsplan-2022-2024.docx --to docx,xlsx -o "$work" >/dev/null
cp "$work/handlingsplan-2022-2024.docx" "$work/report.docx"
cp "$work/handlingsplan-2022-2024.xlsx" "$work/workbook.xlsx"
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" \
  "$work/report.docx" "$work/workbook.xlsx" >/dev/null
pdftoppm -r 80 -png -f 2 -l 2 -singlefile "$work/report.pdf" docs/images/report  # page 1 is the contents
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$work/workbook.pdf" docs/images/workbook
echo "wrote docs/images/report.png and docs/images/workbook.png"
