# The smoke tests' shared start and end (sourced, POSIX sh): the app's path
# from $1, the checkers' folder, a scratch folder removed at exit with our own
# settings folder in it (a test must neither read nor overwrite a user's
# layout), the checkers' Python, fail() counting failures, a skip (exit 77) without xvfb-run,
# run_app to run the app under Xvfb, and finish NAME to report and exit.
app=${1:?usage: $0 path/to/latentlab}
checks=$(dirname "$0")/checks
work=$(mktemp -d "${TMPDIR:-/tmp}/latentlab-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
failures=0
# The checkers read PNGs with Pillow (python3-pil): Debian's interpreter, not another one first on PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=python3

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run not found (apt-get install xvfb xauth)"
  exit 77
fi

# run_app NAME LOG XVFB-ARGS... APP APP-ARGS...: the app under xvfb-run, its
# output in LOG; a non-zero exit (with the log's tail) or a GL error is a
# failure, and returns 1.
run_app() {
  _name=$1 _log=$2
  shift 2
  xvfb-run -a "$@" >"$_log" 2>&1
  _code=$?
  if [ "$_code" -ne 0 ]; then
    fail "$_name: exit code $_code"
    tail -n 20 "$_log"
    return 1
  fi
  if grep -q "GL error" "$_log"; then
    fail "$_name: $(grep -m1 'GL error' "$_log")"
    return 1
  fi
}

# finish NAME SUCCESS-LINE: exit 1 after any failure, else print the line.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$1: $failures failure(s)"
    exit 1
  fi
  echo "$1: $2"
}
