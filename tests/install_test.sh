#!/bin/sh
# The installed program needs nothing from the source tree: copies the tree,
# builds only `latentlab` there, installs it to a temporary prefix and packs
# a .deb, removes the copy, then runs the installed binary under Xvfb for a
# few frames and checks its screenshot and stats like the smoke test does,
# and the .deb's contents and declared dependencies (apt resolves them, simulated).
# Usage: install_test.sh <source dir> <scratch dir> [cmake options...]
set -eu

source_dir=$(cd "${1:?usage: install_test.sh SOURCE_DIR SCRATCH_DIR [cmake options]}" && pwd)
scratch=${2:?usage: install_test.sh SOURCE_DIR SCRATCH_DIR [cmake options]}
shift 2
checks=$source_dir/tests/checks
python=/usr/bin/python3  # Debian's, with Pillow, as in smoke_common.sh
[ -x "$python" ] || python=python3

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run not found (apt-get install xvfb xauth)"
  exit 77
fi

mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
# The copy builds in <copy>/build as build.sh builds in <source>/build, so
# with CCACHE_BASEDIR above both trees ccache sees the same relative paths
# and serves the copy's compilations from the main build's.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$source_dir}"
work=$(mktemp -d "$scratch/install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
copy=$work/src prefix=$work/prefix
mkdir -p "$copy"
start=$(date +%s)
# Everything but version control and build trees (and the scratch directory, if inside).
tar -C "$source_dir" --exclude=./.git --exclude='./build*' --exclude="./${scratch#"$source_dir"/}" -cf - . |
  tar -C "$copy" -xf -

# cpack installs without building everything first: only latentlab is built.
cmake -S "$copy" -B "$copy/build" -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON "$@" >"$work/configure.log" ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$copy/build" -j"$(nproc 2>/dev/null || echo 2)" --target latentlab >"$work/build.log" 2>&1 ||
  { tail -n 40 "$work/build.log"; exit 1; }
built=$(date +%s)
cmake --install "$copy/build" --prefix "$prefix" >/dev/null
(cd "$copy/build" && cpack -G DEB -B "$work/package" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
rm -rf "$copy"

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The installed program, away from any source tree, with its own settings folder.
cd "$work"
export XDG_CONFIG_HOME="$work/config"
xvfb-run -a -s "-screen 0 1280x800x24" "$prefix/bin/latentlab" --frames 30 --size 1280x800 \
  --screenshot "$work/shot.png" --stats "$work/stats.json" >"$work/run.log" 2>&1 ||
  { fail "the installed program exited with $?"; tail -n 20 "$work/run.log"; }
if grep -q "GL error" "$work/run.log"; then fail "$(grep -m1 'GL error' "$work/run.log")"; fi
"$python" "$checks/screenshot.py" "$work/shot.png" 1280 800 || fail "screenshot check"
"$python" "$checks/run_stats.py" "$work/stats.json" 30 none || fail "stats check"

deb=$(ls "$work"/package/latentlab_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
  fail "cpack -G DEB made no latentlab_*.deb"
else
  echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
  dpkg-deb -c "$deb" | grep -q '\./usr/bin/latentlab$' || fail "$(basename "$deb") holds no usr/bin/latentlab"
  for package in libglfw3 libgl1 zlib1g libstb0 fonts-dejavu-core; do
    dpkg-deb -f "$deb" Depends | tr ',' '\n' | grep -q "^ *$package\( \|$\)" ||
      fail "$(basename "$deb") does not depend on $package"
  done
  # What `apt install ./latentlab_*.deb` would do, simulated: its dependencies resolve.
  apt-get install -s "$deb" >"$work/apt.log" 2>&1 ||
    { fail "apt-get cannot install $(basename "$deb")"; tail -n 5 "$work/apt.log"; }
fi

echo "install_test: built in $((built - start)) s, $(($(date +%s) - start)) s in all"
[ "$failures" -eq 0 ] || { echo "install_test: $failures failure(s)"; exit 1; }
echo "install_test: the installed program runs without the source tree"
