#!/bin/sh
# Install the Debian packages the test suite needs, only when they are missing:
# chromium (Playwright drives it; it cannot download its own browser here) and
# fonts that carry every Vietnamese letter (PDF rendering and screenshots).
set -e
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
dpkg -s fonts-liberation2 >/dev/null 2>&1 || need="$need fonts-liberation2"
dpkg -s fonts-noto-core >/dev/null 2>&1 || need="$need fonts-noto-core"
command -v pdftotext >/dev/null 2>&1 || need="$need poppler-utils"
[ -z "$need" ] && exit 0
echo "Cài gói hệ thống còn thiếu:$need"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
