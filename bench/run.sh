#!/usr/bin/env bash
# Builds the side-by-side benchmark (Release), makes TorchSharp load on this system, and runs it.
#   bash bench/run.sh                       # every workload, 7 alternating rounds
#   bash bench/run.sh seed000 mm --rounds 3 # a workload filter (ids or parts of ids) and options
#   bash bench/run.sh --list                # the workloads; --help for all options
# Arguments are passed to the program. The repository is expected with shared/ beside it
# (../shared/torchsharp-compat/prepare.sh, relative to the repository root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
proj=bench/SharpGrad.Benchmarks
out=$proj/bin/Release/net10.0
dotnet build -c Release "$proj" -nologo -clp:ErrorsOnly -v:q >&2
prepare=$root/../shared/torchsharp-compat/prepare.sh
shim=
if [ -f "$prepare" ]; then
  shim=$(bash "$prepare" "$out")
else
  echo "warning: $prepare not found; running without the TorchSharp load fix" >&2
fi
export LD_PRELOAD="${shim}${LD_PRELOAD:+${shim:+:}$LD_PRELOAD}"
[ -n "$LD_PRELOAD" ] || unset LD_PRELOAD
exec dotnet "$out/SharpGrad.Benchmarks.dll" "$@"
