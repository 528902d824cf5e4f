#!/usr/bin/env bash
# Installs the Debian packages liangyan needs, only those that are missing.
# Runs as root (CI, containers) or through sudo.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libicu-dev libre2-dev libyaml-cpp-dev libboost-dev libboost-locale-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
