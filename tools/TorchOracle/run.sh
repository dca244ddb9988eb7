#!/usr/bin/env bash
# Builds the oracle, makes TorchSharp's native library loadable on this system (see
# ../shared/torchsharp-compat), and runs the named scripts: tools/TorchOracle/run.sh Randn Linear
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
compat="$here/../../../shared/torchsharp-compat"
dotnet build -c Release "$here" -v q -nologo >&2
out="$here/bin/Release/net10.0"
shim=$("$compat/prepare.sh" "$out")
LD_PRELOAD=$shim dotnet "$out/TorchOracle.dll" "$@"
