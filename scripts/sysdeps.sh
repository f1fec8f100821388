#!/usr/bin/env bash
# Install the system packages the project needs (Chromium for image export and browser tests,
# Noto CJK fonts so Chinese renders as glyphs, poppler-utils for the PDF text checks, nginx
# for serving several replicas).
# As root with apt-get it installs what is missing; otherwise it says what to install and,
# with --required, fails.
set -u
required=0; [ "${1:-}" = "--required" ] && required=1
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# nginx: the reverse proxy in front of several replicas (make serve-replicas, its browser test)
{ command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "sysdeps: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    && exit 0
  echo "sysdeps: apt-get failed to install ${missing[*]}" >&2
else
  echo "sysdeps: missing ${missing[*]}. Install them with your system's package manager," >&2
  echo "  e.g. on Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
  echo "  Without them image export is disabled (CSV/XLSX still work) and browser tests cannot run." >&2
fi
[ $required -eq 1 ] && exit 1
exit 0
