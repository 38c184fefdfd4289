#!/usr/bin/env bash
# Sets up, builds and runs Latent Lab on Debian 12:
#   bash build.sh run [latentlab options]   install packages, build, open the app
#   bash build.sh test                      install packages, build, run every test: the core and
#                                           app-logic suites, the smoke tests under Xvfb, the install
#                                           test, ThreadSanitizer, then a portable clang build under
#                                           ASan + UBSan with each parser's fuzz target for 15 s
#   bash build.sh bench                     build and run the benchmarks beside PyTorch
#   bash build.sh sanitize [SECONDS]        only the ASan + UBSan part, fuzzing SECONDS (default 30) each
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config git ccache
  libeigen3-dev zlib1g-dev doctest-dev libcli11-dev nlohmann-json3-dev libstb-dev
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri fonts-dejavu-core
  libdnnl-dev dataset-fashion-mnist xvfb xauth python3-pil)

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

cores() { nproc 2>/dev/null || echo 2; }

# timed NAME COMMAND...: runs it and says how long it took, in time and in CPU
# time of the processes it ran (CI's budget is read from these lines).
timed() {
  local name=$1 start=$SECONDS cpu status=0
  shift
  children_cpu_seconds && cpu=$REPLY
  "$@" || status=$?
  children_cpu_seconds
  echo "build.sh: $name took $((SECONDS - start)) s, $((REPLY - cpu)) s of CPU"
  return $status
}
# REPLY = the CPU seconds of this shell's finished children: bash's `times`,
# which must run in this shell (a $(...) subshell has no children yet).
children_cpu_seconds() {
  local file
  file=$(mktemp)
  times >"$file"
  REPLY=$(awk 'NR == 2 { split($0, t, /[ms]+/); print int(t[1] * 60 + t[2] + t[3] * 60 + t[4]) }' "$file")
  rm -f "$file"
}

# ccache with paths relative to the checkout: the install test's build of a
# copy of the tree (under build/) then reuses the main build's objects.
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache} CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}

# Unity builds: batches of 8 files compile in about half the CPU time of
# one file at a time (Eigen and the standard headers are parsed once a
# batch), which matters most for `test` (three builds) on 2 cores.
# File-local names must then differ between the files of a library.
build() {  # build DIR "TARGET..." [cmake options]
  local dir=$1 targets=$2; shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON "$@" >/dev/null
  # shellcheck disable=SC2086 # one word per target
  cmake --build "$dir" -j"$(cores)" --target $targets
}

# Memory errors and undefined behaviour: a clang build with AddressSanitizer
# and UBSan for any x86-64 (no -march=native, so no AVX-512, and Eigen's
# products instead of oneDNN's), which is also the portable build and the
# clang build; bench/fuzz/run.sh configures
# build-asan alike. It builds the tests, the CLI (which makes the fuzzers'
# seeds) and the fuzz targets.
sanitized_build() {
  install_packages clang-14 libfuzzer-14-dev
  build build-asan "latent_tests latentlab fuzz_targets" -DLATENT_ASAN=ON -DLATENT_GUI=OFF -DLATENT_NATIVE=OFF -DLATENT_ONEDNN=OFF -DCMAKE_CXX_COMPILER=clang++-14
}
# Every core and app-logic test in that build but the fifteen long runs,
# convergence and Monte Carlo (suite "long"; their code runs in shorter cases, and the normal
# build runs them), then each file parser's fuzz target for $1 seconds.
sanitized_run() {  # sanitized_run SECONDS
  ASAN_OPTIONS="halt_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" ./build-asan/latent_tests \
    -tse=long
  bash bench/fuzz/run.sh "$1"
}

case "${1:-}" in
  run)
    shift
    install_packages
    build build latentlab
    exec ./build/latentlab "$@"
    ;;
  test)
    timed "installing packages" install_packages
    timed "the build" build build all
    # The trainer/UI hand-off and the window's background workers under ThreadSanitizer: a second, GUI-less build.
    timed "the ThreadSanitizer build" build build-tsan latent_tests -DLATENT_TSAN=ON -DLATENT_GUI=OFF
    timed "the ASan + UBSan build" sanitized_build
    # Two streams side by side, one process each at a time, about one core
    # each: ctest's smoke tests (a window capped in frame rate, Xvfb) and then
    # the ThreadSanitizer tests; the core tests, then the sanitized tests and
    # the fuzzers (in one run: 323 + 31 s against 46 + 345 s). The second
    # stream's output follows the first's.
    other_tests() {
      local status=0
      timed "the core tests" ./build/latent_tests || status=1
      timed "the ASan + UBSan tests and fuzzing" sanitized_run 15 || status=1
      return $status
    }
    other_tests >build-asan/test.log 2>&1 &
    others=$!
    status=0
    (cd build && timed "ctest's smoke and install tests" ctest --output-on-failure -E '^core$') || status=1
    TSAN_OPTIONS="halt_on_error=1" timed "the ThreadSanitizer tests" ./build-tsan/latent_tests \
      -tc='trainer:*,workers:*' || status=1
    wait "$others" || status=1
    cat build-asan/test.log
    exit $status
    ;;
  sanitize)
    install_packages
    sanitized_build
    sanitized_run "${2:-30}"
    ;;
  bench)
    install_packages "${BENCH_PACKAGES[@]}"
    build build latent_bench
    /usr/bin/python3 bench/compare.py
    ;;
  *)
    echo "usage: bash build.sh run|test|bench|sanitize" >&2
    exit 2
    ;;
esac
