#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a while:
#   bash bench/fuzz/run.sh [SECONDS per target, default 30] [TARGET ...]
# Targets: checkpoint safetensors idx csv lesson settings image. The corpus
# grows in build-asan/corpus/TARGET (kept between runs, never in git), seeded
# with small valid files made here; a crash is saved in build-asan/findings/
# and fails the run. Prints each target's executions.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(checkpoint safetensors idx csv lesson settings image)

build=build-asan  # the test command's sanitizer build (as build.sh configures it): clang, ASan + UBSan, GUI-less, portable
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache} CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON -DLATENT_ASAN=ON -DLATENT_GUI=OFF \
  -DLATENT_NATIVE=OFF -DLATENT_ONEDNN=OFF -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target latentlab $(printf 'fuzz_%s ' "${targets[@]}")

# Seeds: one small valid file (or a few) per parser.
seeds="$build/fuzz-seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{checkpoint,safetensors,idx,csv,lesson,settings,image}
ASAN_OPTIONS=detect_leaks=0 "$build/latentlab" train --dataset moons --encoder 4 --decoder 4 --epochs 1 \
  --save "$seeds/checkpoint/moons.ckpt" >/dev/null
ASAN_OPTIONS=detect_leaks=0 "$build/latentlab" export --load "$seeds/checkpoint/moons.ckpt" \
  --out "$seeds/safetensors/moons.safetensors" >/dev/null
cp tests/fixtures/pytorch_tiny_vae.safetensors "$seeds/safetensors/"
cp assets/lessons/*.json "$seeds/lesson/"
printf '{"ui_scale": 1.5, "theme": "dark", "palette": "okabe-ito", "show_controls": true}\n' >"$seeds/settings/settings.json"
printf 'x,y\n0.1,0.2\n0.3,-0.4\n1e-3,5\n-2,0.5\n' >"$seeds/csv/header.csv"
python3 - "$seeds" <<'PY'
import gzip, struct, sys, zlib
seeds = sys.argv[1]
images = struct.pack(">IIII", 0x803, 3, 2, 2) + bytes(range(12))
open(f"{seeds}/idx/images.idx", "wb").write(images)
open(f"{seeds}/idx/images.idx.gz", "wb").write(gzip.compress(images))
open(f"{seeds}/idx/labels.idx", "wb").write(struct.pack(">II", 0x801, 3) + bytes([0, 1, 2]))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\0" + bytes([x * 60 for x in range(4)]) for _ in range(3))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(f"{seeds}/image/gray.png", "wb").write(png)
PY

mkdir -p "$build/findings"
status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  log="$build/findings/$t.log"
  # -rss_limit_mb: a parser that allocates what a hostile header asks for is a finding too.
  if ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$build/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=1024 -max_len=200000 -print_final_stats=1 \
      -artifact_prefix="$build/findings/$t-" "$corpus" "$seeds/$t" >"$log" 2>&1; then
    echo "fuzz $t: $(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions in ${seconds} s, corpus $(ls "$corpus" | wc -l) files, no finding"
  else
    echo "fuzz $t: FINDING (see $log)"
    grep -m5 -E "ERROR|bad error message|runtime error" "$log" || tail -n 20 "$log"
    status=1
  fi
done
exit $status
