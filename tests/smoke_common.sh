# The smoke tests' shared start and end (sourced, POSIX sh): the app's path
# from $1, the checkers' folder, a scratch folder removed at exit with our own
# settings folder in it (a test must neither read nor overwrite a user's
# layout), fail() counting failures, a skip (exit 77) without xvfb-run, and
# finish NAME to report and exit.
app=${1:?usage: $0 path/to/latentlab}
checks=$(dirname "$0")/checks
work=$(mktemp -d "${TMPDIR:-/tmp}/latentlab-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run not found (apt-get install xvfb xauth)"
  exit 77
fi

# finish NAME SUCCESS-LINE: exit 1 after any failure, else print the line.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$1: $failures failure(s)"
    exit 1
  fi
  echo "$1: $2"
}
