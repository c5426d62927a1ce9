#!/bin/sh
# Install the Debian packages cnscd needs, only when they are missing.
#   --runtime  what the app itself needs (`make run`): Pango for WeasyPrint's
#              PDF reports and fonts that carry every Vietnamese letter.
#   (default)  also what the test suite needs (`make test`): chromium
#              (Playwright drives it; it cannot download its own browser here)
#              and poppler-utils (the tests read the PDF reports back).
set -e
need=""
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || [ -e "/usr/lib/x86_64-linux-gnu/$1" ]; }
has_lib libpango-1.0.so.0 || need="$need libpango-1.0-0"
has_lib libpangoft2-1.0.so.0 || need="$need libpangoft2-1.0-0"
dpkg -s fonts-liberation2 >/dev/null 2>&1 || need="$need fonts-liberation2"
dpkg -s fonts-noto-core >/dev/null 2>&1 || need="$need fonts-noto-core"
if [ "$1" != "--runtime" ]; then
  [ -x /usr/bin/chromium ] || need="$need chromium"
  command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
fi
[ -z "$need" ] && exit 0
echo "Cài gói hệ thống còn thiếu:$need"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
