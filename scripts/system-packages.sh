#!/usr/bin/env bash
# Install the system packages Concilium's exports and browser tests use, where apt is available:
# Chromium (browser tests), Noto CJK fonts (Chinese in PDFs), poppler-utils (pdftoppm, pdftotext),
# Pango (WeasyPrint), LibreOffice Writer (checks that DOCX files open) and gettext (the
# catalogues: `make messages`, and the test that every string is translated).
# Elsewhere it only says what is missing; nothing else is installed by hand.
set -u
packages=(chromium fonts-noto-cjk fonts-dejavu-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libreoffice-writer-nogui gettext)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Not on a Debian/Ubuntu system: install these yourself for PDF and browser tests: ${missing[*]}" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Need root to install: ${missing[*]}" >&2; exit 0; fi
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
