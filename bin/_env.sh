# Shared by bin/run and bin/test: find Python 3.12 and prepare the virtualenv.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
WANT="$(cat "$ROOT/.python-version" 2>/dev/null || echo 3.12)"
WANT_MINOR="${WANT%.*}"   # 3.12.1 -> 3.12

say() { printf '\033[1;33m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

is_wanted_python() {
  [ -n "$1" ] && command -v "$1" >/dev/null 2>&1 &&
    "$1" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$WANT_MINOR' else 1)" 2>/dev/null
}

find_python() {
  local root candidates=("${PYTHON:-}")
  if command -v pyenv >/dev/null 2>&1; then
    root="$(pyenv root)"
    candidates+=("$root/versions/$WANT/bin/python" "$root"/versions/"$WANT_MINOR"*/bin/python)
  fi
  candidates+=("python$WANT_MINOR" "$HOME"/.pyenv/versions/"$WANT_MINOR"*/bin/python
               /root/.pyenv/versions/"$WANT_MINOR"*/bin/python /usr/local/bin/python"$WANT_MINOR"
               /usr/bin/python"$WANT_MINOR" python3)
  for c in "${candidates[@]}"; do
    if is_wanted_python "$c"; then command -v "$c"; return 0; fi
  done
  return 1
}

ensure_venv() {
  # ensure_venv REQUIREMENTS...: the files are installed together; requirements-dev.txt
  # includes all the others, so a venv made by bin/test also serves bin/run (offline too).
  local py stamp_prefix names="" file args=()
  if [ ! -x "$VENV/bin/python" ] || ! is_wanted_python "$VENV/bin/python"; then
    py="$(find_python)" || die "Python $WANT_MINOR is required (Django 6 needs Python >= 3.12) and was not found.
Install it (for example 'pyenv install $WANT') or set PYTHON=/path/to/python$WANT_MINOR, then run this again."
    say "Creating the virtualenv with $py"
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
  fi
  for file in "$@"; do names+="-$(basename "$file")"; args+=(-r "$file"); done
  stamp_prefix="$VENV/.installed-$(cat "$ROOT"/requirements*.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp_prefix$names" ] && [ ! -f "$stamp_prefix-requirements-dev.txt" ]; then
    say "Installing ${names#-}"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
    touch "$stamp_prefix$names"
  fi
  export PATH="$VENV/bin:$PATH"
}

# Is a TCP service answering? (no extra tools needed)
port_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

# Embedded servers (bin/embedded.py, from requirements-embedded.txt) for a machine that has
# no PostgreSQL or Redis: started on demand under a data directory, stopped on exit.
EMBEDDED_STARTED=()  # "service dir" pairs, stopped in reverse order by stop_embedded
EMBEDDED_URL=""
start_embedded() {  # start_embedded postgres|redis DIR [DATABASE]: sets EMBEDDED_URL
  EMBEDDED_STARTED+=("$1 $2")
  EMBEDDED_URL="$("$VENV/bin/python" "$ROOT/bin/embedded.py" "$1" start "${@:2}")" ||
    die "The embedded $1 server did not start (its log is under $2/$1/)"
}
stop_embedded() {
  local i service dir
  for ((i = ${#EMBEDDED_STARTED[@]} - 1; i >= 0; i--)); do
    read -r service dir <<<"${EMBEDDED_STARTED[$i]}"
    "$VENV/bin/python" "$ROOT/bin/embedded.py" "$service" stop "$dir" || true
  done
  EMBEDDED_STARTED=()
}

ensure_gettext() {
  if ! command -v msgfmt >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "Installing gettext (for the zh-Hans translation)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
    else
      die "GNU gettext (msgfmt) is needed to compile translations: install the 'gettext' package."
    fi
  fi
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
  # A CJK font too, so the pages and any failure screenshot show Chinese text, not boxes.
  local packages=()
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then packages+=(fonts-noto-cjk); fi
  [ ${#packages[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing ${packages[*]} for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null ||
      [ ! -x /usr/bin/chromium ] || say "Could not install ${packages[*]}: Chinese text shows as boxes in screenshots"
    [ -x /usr/bin/chromium ] || die "Chromium could not be installed: install Debian's 'chromium' package."
  elif [ ! -x /usr/bin/chromium ]; then
    die "Chromium is needed for the browser tests: install Debian's 'chromium' package."
  else
    say "No CJK font found: install 'fonts-noto-cjk' to see Chinese text in browser screenshots"
  fi
}
