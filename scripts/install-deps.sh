#!/usr/bin/env bash
# Installs the Debian packages that `make run` / `make test` need; does nothing when all are
# present. Usage: install-deps.sh run|test
set -euo pipefail

run_packages=(cmake make g++ pkg-config orthanc orthanc-dev libdcmtk-dev libjsoncpp-dev libsqlite3-dev libpq-dev
  libgtest-dev python3)
test_packages=(dcmtk tzdata chromium python3-pytest python3-requests python3-pydicom clang
  libclang-rt-14-dev python3-prometheus-client dpkg-dev docker.io docker-compose debootstrap
  postgresql orthanc-postgresql orthanc-dicomweb openssl)

packages=("${run_packages[@]}")
if [ "${1:-run}" = test ]; then
  packages+=("${test_packages[@]}")
fi

# The browser tests run playwright-core on Node.js; the machine's own Node.js is used when there
# is one, Debian's otherwise.
if [ "${1:-run}" = test ] && ! command -v npm > /dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing missing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
# policy-rc.d keeps the orthanc package from starting its system service on 4242/8042 here;
# where it does start, `make run` tells which port is taken.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
