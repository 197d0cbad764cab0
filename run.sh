#!/usr/bin/env bash
# Greenspace's two commands (see README.md), and a few for developers.
#
#   ./run.sh demo        install what is missing, build, and run the main job on bundled data
#   ./run.sh test        install what is missing, build, and run every test (slow ones included)
#   ./run.sh test-fast   the fast subset (no test marked Slow), for local work
#   ./run.sh bench       the benchmarks
#
# Installing checks first: a second run needs no network.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

APT_PACKAGES=(
  openbabel xtb mopac psi4 psi4-data nwchem nwchem-data   # the engines
  time                                                     # GNU time: peak memory (and CPU where cgroups are not writable)
  libopenblas0-pthread                                     # BLAS and LAPACK for the kernel models (P/Invoke)
  python3-sklearn                                          # scikit-learn, the peer the kernel models are benchmarked against
  python3-ase python3-pandas                               # independent readers of our exports, in tests
  python3-rdkit                                            # RDKit: the independent ECFP reference, in tests
  nodejs npm                                               # hyparquet, an independent Parquet reader, in tests
  fonts-dejavu-core                                        # DejaVu fonts: without them the report's plots have no text
  slurm-wlm slurmdbd munge mariadb-server                  # a private single-node Slurm cluster for the tests (tools/slurm/cluster.sh)
)

say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }

install_missing_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    # A package counts as present when dpkg has it installed, or (for nodejs/npm) when the command exists.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    say "Debian packages: all present"
  fi
}

install_test_tools() {
  if [[ ! -d tools/node_modules/hyparquet ]]; then
    say "installing test tools (npm ci in tools/)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build() {
  say "building (Release)"
  dotnet build Greenspace.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
}

greenspace() { dotnet "$ROOT/src/Greenspace.Cli/bin/Release/net10.0/greenspace.dll" "$@"; }

demo() {
  local out="$ROOT/out/demo"
  mkdir -p "$out"
  export GREENSPACE_STORE="$out/store.db"
  say "engines found here"
  greenspace engines || true
  say "a campaign: the largest B3LYP/6-31G* HOMO-LUMO gap among the 499 QM9 molecules of data/qm9-subset, GFN2-xTB first (campaigns/qm9-gap.yaml),"
  say "then the same budget spent cost-blind and single-fidelity, for the report's comparison"
  local rc=0
  greenspace campaign run campaigns/qm9-gap.yaml --compare --report "$out/campaign" || rc=$?
  say "what the store's calculations cost, and what its answers avoided"
  greenspace ledger
  say "exporting what the store holds"
  greenspace export --format extxyz --output "$out/results.extxyz"
  greenspace export --format qcschema --output "$out/results.qcschema.jsonl"
  greenspace export --format parquet --output "$out/results.parquet"
  say "done: store $GREENSPACE_STORE; exports in $out (run again: every answer comes from the store)"
  return $rc
}

# A private single-node Slurm cluster (all state in a temporary folder, private ports) for the tests, stopped on exit
# whatever happens; the tests find it through GREENSPACE_SLURM_DIR.
start_slurm() {
  local dir
  dir=$(mktemp -d /tmp/greenspace-slurm.XXXXXX)
  trap 'tools/slurm/cluster.sh stop "'"$dir"'" || true; rm -rf "'"$dir"'"' EXIT
  say "starting a private Slurm cluster in $dir"
  tools/slurm/cluster.sh start "$dir"
  export GREENSPACE_SLURM_DIR=$dir
}

case "${1:-}" in
  demo)
    install_missing_packages; build; demo ;;
  test)
    install_missing_packages; install_test_tools; build
    start_slurm
    say "running all tests"
    dotnet test Greenspace.slnx -c Release --no-build --logger "console;verbosity=normal" ;;
  test-fast)
    install_missing_packages; install_test_tools; build
    dotnet test Greenspace.slnx -c Release --no-build --filter "Category!=Slow" ;;
  bench)
    install_missing_packages; build
    dotnet run -c Release --no-build --project bench/Greenspace.Benchmarks -- "${@:2}" ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
