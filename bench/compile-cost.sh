#!/usr/bin/env bash
# Compile cost of the SDK: the clean build of ytx-call with its dependencies, and the build
# time each #[ytx_endpoint] adds (a crate of 100 generated endpoints against one of 1).
#
#   bash bench/compile-cost.sh            # debug builds, as `cargo build`
#   PROFILE=release bash bench/compile-cost.sh
#
# Uses a scratch target directory, so nothing is cached from earlier builds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"
# Incremental compilation would reuse everything after a `touch`: measure real compiles.
export CARGO_INCREMENTAL=0
profile=${PROFILE:-dev}
flags=(--profile "$profile")

seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$@"; }
now() { date +%s.%N; }

echo "== clean build of ytx-call and its dependencies (profile $profile, $(nproc) CPUs)"
start=$(now)
cargo build -q --locked "${flags[@]}" --manifest-path "$root/Cargo.toml" -p ytx-call --timings
clean=$(seconds "$start" "$(now)")
echo "clean build: ${clean} s (cargo --timings report: $CARGO_TARGET_DIR/cargo-timings/)"
cp -r "$CARGO_TARGET_DIR/cargo-timings" "$root/target/compile-cost-timings" 2>/dev/null || true

# A crate of N endpoints, each the shape of a real one (strings, a number sent as a string,
# a camelCase optional field by `rename_all`, an optional list), and its documentation's
# endpoint table made by `endpoint_table!()`, as a family crate's is.
generate() {
  local n=$1 dir="$work/gen$1"
  mkdir -p "$dir/src"
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "gen$n"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
ytx-core = { path = "$root/ytx-core" }

[workspace]
TOML
  {
    echo '//! Generated endpoints.'
    echo '#![doc = ytx_core::endpoint_table!()]'
    echo 'use ytx_core::ytx_endpoint;'
    for i in $(seq 1 "$n"); do
      cat <<RUST
/// Endpoint $i.
#[ytx_endpoint(func = "call", url = "E$i.wx", action = "e$i", rename_all = "camelCase")]
#[derive(Clone)]
pub struct E$i {
    /// The number called.
    pub dst: String,
    /// How many.
    #[ytx(as_string)]
    pub count: u32,
    /// The caller's id.
    pub custom_parm: Option<String>,
    /// Template values.
    pub datas: Option<Vec<String>>,
}
RUST
    done
  } > "$dir/src/lib.rs"
}

generate 1
generate 100
echo "== build time per endpoint (dependencies already built)"
cargo build -q "${flags[@]}" --manifest-path "$work/gen1/Cargo.toml"   # dependencies
best() {
  local n=$1 best=
  for _ in 1 2 3; do
    touch "$work/gen$n/src/lib.rs"
    local start; start=$(now)
    cargo build -q "${flags[@]}" --manifest-path "$work/gen$n/Cargo.toml"
    local t; t=$(seconds "$start" "$(now)")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$t" "$best"; then best=$t; fi
  done
  echo "$best"
}
one=$(best 1)
hundred=$(best 100)
per=$(python3 -c "import sys; print(f'{(float(sys.argv[2]) - float(sys.argv[1])) / 99 * 1000:.1f}')" "$one" "$hundred")
echo "crate with 1 endpoint: ${one} s; with 100: ${hundred} s; per endpoint: ${per} ms"
