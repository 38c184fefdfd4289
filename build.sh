#!/usr/bin/env bash
# Sets up, builds and runs Latent Lab on Debian 12:
#   bash build.sh run [latentlab options]   install packages, build, open the app
#   bash build.sh test                      install packages, build, run every test
#   bash build.sh bench                     build and run the benchmarks beside PyTorch
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config git ccache
  libeigen3-dev zlib1g-dev doctest-dev libcli11-dev nlohmann-json3-dev libstb-dev
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri fonts-dejavu-core
  dataset-fashion-mnist xvfb xauth)

# The benchmark's peer: Debian's PyTorch on OpenBLAS (without
# libopenblas0-pthread it runs on the reference BLAS at a tenth of its speed).
BENCH_PACKAGES=(python3-torch python3-numpy libopenblas0-pthread)

install_packages() {  # install_packages [package ...]: the app's packages and these
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

jobs() { nproc 2>/dev/null || echo 2; }

# ccache with paths relative to the checkout: the install test's build of a
# copy of the tree (under build/) then reuses the main build's objects.
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache} CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}

build() {  # build DIR TARGET [cmake options]
  local dir=$1 target=$2; shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j"$(jobs)" --target "$target"
}

case "${1:-}" in
  run)
    shift
    install_packages
    build build latentlab
    exec ./build/latentlab "$@"
    ;;
  test)
    install_packages
    build build all
    (cd build && ctest --output-on-failure)
    # The trainer/UI hand-off and the window's background workers under ThreadSanitizer: a second, GUI-less build.
    build build-tsan latent_tests -DLATENT_TSAN=ON -DLATENT_GUI=OFF
    TSAN_OPTIONS="halt_on_error=1" ./build-tsan/latent_tests -tc='trainer:*,workers:*'
    # Memory errors and undefined behaviour in the core and the app's logic: AddressSanitizer + UBSan, GUI-less.
    build build-asan latent_tests -DLATENT_ASAN=ON -DLATENT_GUI=OFF
    ASAN_OPTIONS="halt_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" ./build-asan/latent_tests
    ;;
  bench)
    install_packages "${BENCH_PACKAGES[@]}"
    build build latent_bench
    /usr/bin/python3 bench/compare.py
    ;;
  *)
    echo "usage: bash build.sh run|test|bench" >&2
    exit 2
    ;;
esac
