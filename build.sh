#!/usr/bin/env bash
# Handover's one entry point. Every subcommand installs what it is missing first, so a fresh
# Debian machine (root) needs nothing but this script and the network to crates.io / npm / Debian.
#
#   ./build.sh serve    build the widget and start the simulated portal with the demo deal card
#   ./build.sh test     everything: fmt, clippy (both targets), native, wasm browser and end-to-end tests
#   ./build.sh dist     the production files in dist/ and handover.zip (the static local app)
#   ./build.sh bench    round trips, shipped bytes (gzip -9), time to first render
#   ./build.sh check    fmt + clippy only
#   ./build.sh build    the widget into dist/ (FAST=1: an unoptimised, quick-to-link build)
#   ./build.sh assets   Bitrix24's Air tokens and icon sprite into .assets/out/ (run by every build)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
DIST="$ROOT/dist"
WASM_TARGET=wasm32-unknown-unknown
# Cargo's target directory: CARGO_TARGET_DIR when set (relative to the workspace, as cargo reads
# it from here), else target/.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Temporary files, removed however the script ends (a failed step included): `tmp_file PATH`
# registers a path about to be written.
TMP_FILES=()
tmp_file() { TMP_FILES+=("$1"); }
cleanup() { if [ ${#TMP_FILES[@]} -gt 0 ]; then rm -f "${TMP_FILES[@]}"; fi; }
trap cleanup EXIT

# --- tools ---------------------------------------------------------------------------------

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET" && return
  log "installing the $WASM_TARGET target"
  rustup target add "$WASM_TARGET"
}

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || die "wasm-bindgen not found in Cargo.lock"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  [ "$have" = "$want" ] && return
  log "installing wasm-bindgen-cli $want (was: ${have:-none}); about 2 minutes"
  # No --locked: with it, resolution fails on a webpki-roots version the registry lacks (toolchain.md).
  cargo install wasm-bindgen-cli --version "$want" --force
}

ensure_node_tools() {
  [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/terser ] && return
  command -v npm >/dev/null || apt_install nodejs npm
  log "installing build-time npm packages (binaryen's wasm-opt, terser)"
  npm ci --no-audit --no-fund
}

APT_UPDATED=""
apt_install() {
  [ -n "$APT_UPDATED" ] || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return; fi
  log "installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
}

# --- widget build --------------------------------------------------------------------------

# build_widget PROFILE OUT: the two builds of the widget crate, then the static files.
# `handover` (no `admin` feature) is what every user's tab loads; `handover_admin` adds the rule
# editor and the installer, loaded only for portal admins and by install.html (static/app.js).
build_widget() {
  local profile=$1 out=$2
  ensure_wasm_target
  ensure_wasm_bindgen
  if [ "$profile" = release ]; then ensure_node_tools; fi
  rm -rf "$out" && mkdir -p "$out"
  wasm_build "$profile" "$out" handover --no-default-features
  wasm_build "$profile" "$out" handover_admin
  cp -R static/. "$out/"
  if [ "$profile" = release ]; then
    minify_js "$out/app.js"
    node tools/assets.mjs minify-css "$out/app.css"
    node tools/assets.mjs minify-css "$out/admin.css"
  fi
  # air.css reaches the page inlined with the tokens (tools/assets.mjs), not as a file.
  rm -f "$out/air.css"
  build_assets
  # The icons listed in assets/icons.json that no screen shows stay out of the pages' sprite
  # (a guard in tools/assets.test.mjs: src/ names neither).
  node tools/assets.mjs inline "$out/index.html" --without "$UNSHOWN_ICONS"
  node tools/assets.mjs inline "$out/install.html" --without "$UNSHOWN_ICONS"
  node tools/licenses.mjs "$out/THIRD_PARTY_LICENSES.txt"
  if [ "$profile" = release ]; then gzip_static "$out"; fi
}

# gzip_static OUT: FILE.gz beside each file a browser fetches, compressed once with Zopfli (a
# few per cent under gzip -9, checked to inflate to the file), for hosts that send FILE.gz as is
# (nginx `gzip_static on;`; the simulator does). What a manager's tab downloads is these files.
gzip_static() {
  log "precompressing ${1#"$ROOT"/} (tools/gzip-static, Zopfli)"
  cargo build --quiet --profile tool -p handover-gzip-static
  "$TARGET_DIR/tool/gzip-static" "$1"
}

# Icons of assets/icons.json that no screen of either build shows (kept out of the pages).
UNSHOWN_ICONS=stages,headset

# Panic locations name source files: short, machine-independent paths instead of this machine's
# registry and toolchain directories (-1 KB gzip, and no build paths shipped). One flag per
# registry source directory (crates.io's is `index.crates.io-<hash>`); those exist once any crate
# was downloaded, so `cargo fetch` runs only on a fresh machine, where there is none yet.
REMAP=""
remap_flags() {
  [ -z "$REMAP" ] || return 0
  local registry="${CARGO_HOME:-$HOME/.cargo}/registry/src" dir
  if ! compgen -G "$registry/*/" >/dev/null; then
    log "cargo fetch (a fresh machine: the registry's source directories for the path remap)"
    cargo fetch --quiet
  fi
  REMAP="--remap-path-prefix=$(rustc --print sysroot)/lib/rustlib/src/rust=rust"
  REMAP="$REMAP --remap-path-prefix=$ROOT=handover"
  for dir in "$registry"/*/; do
    if [ -d "$dir" ]; then REMAP="--remap-path-prefix=${dir%/}=crates $REMAP"; fi
  done
}

# wasm_build PROFILE OUT NAME [cargo flags]: cargo → wasm-bindgen (NAME.js, NAME_bg.wasm) →
# (release: wasm-opt -Oz, short import names in both files (tools/imports.mjs), terser).
# `--low-memory-unused`: rustc links wasm32 stack-first (the stack is [0, 1 MiB), data above it),
# so the low 1 KiB is only reached by a stack about to overflow; wasm-opt may then fold pointer
# offsets into loads and stores (~1.7 KB gzip less, measured).
# `--flatten --rereloop` before `-Oz`, and `--gufa -Oz` after it: binaryen's whole-program flow
# analysis and control-flow rebuild, sound passes; `-iit`: code may be moved past a load or a
# division as if neither could trap, which holds for rustc's output (safe Rust checks bounds and
# divisors before it loads or divides, and float→int is saturating here). Together −1.9 KB gzip
# of the lean wasm (measured: 193,263 → 191,333 B), ~40 s more per build.
WASM_OPT_PASSES="-iit --flatten --rereloop -Oz --converge --low-memory-unused --gufa -Oz"
wasm_build() {
  local profile=$1 out=$2 name=$3
  shift 3
  log "building the widget $name (profile $profile) into ${out#"$ROOT"/}"
  remap_flags
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$REMAP" \
    cargo build -p handover --lib --target "$WASM_TARGET" --profile "$profile" "$@"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$out" \
    "$TARGET_DIR/$WASM_TARGET/$profile/handover.wasm"
  if [ "$profile" = release ]; then
    # shellcheck disable=SC2086 # the passes are words
    node_modules/.bin/wasm-opt $WASM_OPT_PASSES --strip-producers --strip-target-features \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types \
      "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
    node tools/imports.mjs "$out/${name}_bg.wasm" "$out/$name.js"
    minify_js "$out/$name.js"
  fi
}

# minify_js FILE: terser, in place (an ES module: its exports keep their names).
minify_js() {
  tmp_file "$1.min"
  node_modules/.bin/terser "$1" --module --compress --mangle --output "$1.min"
  mv "$1.min" "$1"
}

# package_zip OUT ZIP: the static local app (bitrix24-rest.md §2) — every file of OUT (index.html,
# install.html and all they load, THIRD_PARTY_LICENSES.txt) at the archive's root; fixed dates,
# so the same files give the same archive.
package_zip() {
  local out=$1 zip=$2
  log "packaging ${zip#"$ROOT"/}"
  command -v python3 >/dev/null || apt_install python3
  tmp_file "$zip.tmp"
  python3 - "$out" "$zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
need = ["index.html", "install.html", "app.js", "app.css", "admin.css", "handover.js", "handover_bg.wasm",
        "handover_admin.js", "handover_admin_bg.wasm", "THIRD_PARTY_LICENSES.txt"]
missing = [n for n in need if not os.path.isfile(os.path.join(src, n))]
if missing:
    sys.exit("package: missing in %s: %s" % (src, ", ".join(missing)))
names = []
for d, _, files in os.walk(src):
    for f in files:
        # The precompressed copies are for a web server of your own (README, way B).
        if f.endswith(".gz"):
            continue
        names.append(os.path.relpath(os.path.join(d, f), src).replace(os.sep, "/"))
tmp = dst + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted(names):
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(src, name), "rb") as f:
            z.writestr(info, f.read())
os.replace(tmp, dst)
print("package: %d files -> %s (%d bytes)" % (len(names), dst, os.path.getsize(dst)))
PY
}

# Air design tokens + icon sprite from the pinned npm tarballs (tools/README.md).
build_assets() {
  command -v node >/dev/null || apt_install nodejs npm
  log "design tokens and icons (tools/assets.mjs)"
  node tools/assets.mjs build
}

build_dist() {
  if [ "${FAST:-}" = 1 ]; then build_widget wasm-dev "$DIST"; else build_widget release "$DIST"; fi
}

# --- subcommands ---------------------------------------------------------------------------

cmd_check() {
  ensure_wasm_target
  log "cargo fmt --check"
  cargo fmt --all -- --check
  log "clippy, native, all targets"
  cargo clippy --workspace --all-targets -- -D warnings
  log "clippy, wasm32 (the widget)"
  cargo clippy -p handover --target "$WASM_TARGET" --all-targets -- -D warnings
  log "clippy, wasm32, the lean build (no admin feature)"
  cargo clippy -p handover --target "$WASM_TARGET" --lib --no-default-features -- -D warnings
}

cmd_test() {
  cmd_check
  ensure_chromium
  build_dist
  # The archive check (e2e/tests/install.rs) reads a test copy; handover.zip is dist's.
  mkdir -p "$TARGET_DIR"
  package_zip "$DIST" "$TARGET_DIR/handover-test.zip"
  local results
  results=$(mktemp)
  tmp_file "$results"
  log "asset guards (node --test tools/)"
  node --test tools/ 2>&1 | tee -a "$results"
  log "native tests: pure logic, simulator, end-to-end in headless Chromium"
  local matrix="$TARGET_DIR/fault-matrix.txt"
  rm -f "$matrix"
  HANDOVER_DIST="$DIST" HANDOVER_ZIP="$TARGET_DIR/handover-test.zip" FAULT_MATRIX_OUT="$matrix" \
    cargo test --workspace -- --test-threads="${TEST_THREADS:-2}" 2>&1 | tee -a "$results"
  if [ -f "$matrix" ]; then
    log "the fault matrix (e2e/tests/fault_matrix.rs): one line per (phase, fault)"
    cat "$matrix"
  fi
  log "wasm-bindgen browser tests (headless Chromium)"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=60 \
    cargo test -p handover --target "$WASM_TARGET" 2>&1 | tee -a "$results"
  summarise_tests "$results"
}

# One closing line for every runner's counts (cargo's "test result:" lines, node's "# pass").
summarise_tests() {
  awk '
    /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^# pass / { p += $3 } /^# fail / { f += $3 }
    END { printf "\ntotal: %d passed, %d failed\n", p, f }
  ' "$1"
}

cmd_serve() {
  build_dist
  local port=${PORT:-8080}
  log "starting the simulated portal"
  cargo build -p handover-sim
  exec "$TARGET_DIR/debug/handover-sim" --port "$port" --widget-dir "$DIST"
}

cmd_bench() {
  ensure_chromium
  FAST="" build_dist
  log "bench"
  cargo build -p handover-e2e --bin bench
  HANDOVER_DIST="$DIST" "$TARGET_DIR/debug/bench"
}

case "${1:-}" in
  build) build_dist ;;
  # Two statements, not `&&`: set -e does not apply inside a function left of `&&`.
  dist) FAST="" build_dist; package_zip "$DIST" "$ROOT/handover.zip" ;;
  assets) build_assets ;;
  serve) cmd_serve ;;
  test) cmd_test ;;
  check) cmd_check ;;
  bench) cmd_bench ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
