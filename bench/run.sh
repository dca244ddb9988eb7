#!/usr/bin/env bash
# Builds the side-by-side benchmark (Release), makes TorchSharp load on this system, and runs it.
#   bash bench/run.sh                       # every workload, 7 alternating rounds
#   bash bench/run.sh seed000 mm --rounds 3 # a workload filter (ids or parts of ids) and options
#   bash bench/run.sh --list                # the workloads; --help for all options
# Arguments are passed to the program. The repository is expected with shared/ beside it
# (../shared/torchsharp-compat/prepare.sh, relative to the repository root).
# When the "hello" workload is selected, SharpGrad's hello app (bench/SharpGrad.Hello, a small
# program that references only SharpGrad) is also published the ways a user would ship it, into
# bench/SharpGrad.Hello/out/{r2r,r2r-composite,aot}, and launched by the benchmark beside the
# benchmark's own child. A publish is redone only when SharpGrad's or the app's sources change
# (a stamp in each folder); HELLO_PUBLISH=0 skips publishing (and those launchers).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
proj=bench/SharpGrad.Benchmarks
out=$proj/bin/Release/net10.0
dotnet build -c Release "$proj" -nologo -clp:ErrorsOnly -v:q >&2

# Is "hello" among the workloads to run? (The program's rules: no WORKLOAD runs all; a WORKLOAD
# selects the ids that contain it, case-insensitively; --list, --bdn and --help run none.)
hello_selected() {
  local filters=() a f
  while [ $# -gt 0 ]; do
    a=$1; shift
    case $a in
      --rounds|--batch-ms|--warmup-ms|--max-seconds|--hello-runs|--torch-threads|--out|--hello-app) shift || true ;;
      --list|--bdn|--bdn-short|-h|--help) return 1 ;;
      -*) ;;
      *) IFS=',' read -ra parts <<< "$a"
         for f in "${parts[@]}"; do f=${f// /}; [ -n "$f" ] && filters+=("$f"); done ;;
    esac
  done
  [ ${#filters[@]} -eq 0 ] && return 0
  for f in "${filters[@]}"; do [[ hello == *"${f,,}"* ]] && return 0; done
  return 1
}

hello_args=()
if [ "${HELLO_PUBLISH:-1}" != 0 ] && hello_selected "$@"; then
  app=bench/SharpGrad.Hello
  rid=$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')
  # Everything the published apps are built from (and the SDK and this script, which say how).
  stamp=$( { dotnet --version; echo "$rid"
             find src/SharpGrad "$app" \( -name bin -o -name obj -o -name out \) -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum
             sha256sum Directory.Build.props bench/run.sh; } | sha256sum | cut -d' ' -f1)
  # publish NAME DESCRIPTION PUBLISH-ARGS...: into $app/out/NAME, each with its own build folders.
  publish() {
    local name=$1 description=$2; shift 2
    local dir=$app/out/$name
    if [ ! -f "$dir/.stamp" ] || [ "$(cat "$dir/.stamp")" != "$stamp" ]; then
      echo "publishing $app ($description) into $dir" >&2
      rm -rf "$dir" "$app/out/build/$name"
      if ! dotnet publish "$app" -c Release -r "$rid" --artifacts-path "$app/out/build/$name" -o "$dir" \
            -nologo -clp:ErrorsOnly -v:q "$@" >&2; then
        echo "warning: publishing $app ($description) failed; hello runs without it" >&2
        return 0
      fi
      echo "$stamp" > "$dir/.stamp"
    fi
    hello_args+=(--hello-app "$description=$dir/SharpGrad.Hello")
  }
  publish r2r "ReadyToRun, framework-dependent" --self-contained false -p:PublishReadyToRun=true
  # The composite puts the framework in SharpGrad's version bubble, so SharpGrad's generics over
  # float etc. are precompiled too (a framework-dependent image leaves them to the JIT). Compiled,
  # like the NativeAOT app (IlcInstructionSet in the .csproj), for this machine's CPU: R2R code
  # that tests for instruction sets (AVX-512 here) is otherwise rejected and JIT-compiled at run time.
  publish r2r-composite "ReadyToRun composite for this CPU, self-contained, trimmed" --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:PublishTrimmed=true \
    -p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:native
  publish aot "NativeAOT for this CPU" -p:PublishAot=true
fi

prepare=$root/../shared/torchsharp-compat/prepare.sh
shim=
if [ -f "$prepare" ]; then
  shim=$(bash "$prepare" "$out")
else
  echo "warning: $prepare not found; running without the TorchSharp load fix" >&2
fi
export LD_PRELOAD="${shim}${LD_PRELOAD:+${shim:+:}$LD_PRELOAD}"
[ -n "$LD_PRELOAD" ] || unset LD_PRELOAD
exec dotnet "$out/SharpGrad.Benchmarks.dll" "$@" "${hello_args[@]}"
