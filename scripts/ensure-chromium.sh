#!/usr/bin/env bash
# The report's real-browser test needs Chromium. Install Debian's package when it is missing
# and this machine can (root with apt); otherwise say so: the test then skips with the reason.
set -u
for browser in chromium chromium-browser google-chrome; do
  if command -v "$browser" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the report's browser test" >&2
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
     || { apt-get update -q >/dev/null 2>&1 \
          && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; }; then
    exit 0
  fi
fi
echo "no Chromium here and none could be installed: the browser test will be skipped" >&2
exit 0
