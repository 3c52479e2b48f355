#!/usr/bin/env bash
# Fuzzes the RESP request decoder (Protocol/RequestDecoder.cs) with AFL++ through SharpFuzz for a bounded time.
#
#   scripts/fuzz-decoder.sh [seconds]        default 60 (or FUZZ_SECONDS); the work directory is artifacts/fuzz
#
# Each input AFL++ makes up runs through Tests/Fuzz/DecoderCheck.cs: the decoder must not throw, must keep its
# slices and buffers within the limits, and must decode the same bytes the same way however they are split into
# reads. Any input that breaks this is copied to Tests/Fuzz/corpus/regressions/ (commit it: the Protocol.Tests
# corpus replay runs it on every `dotnet test` from then on), its failure is printed, and the script exits 1.
#
# Needs only apt and NuGet. afl-fuzz is taken from PATH, else from Debian's afl++ package: the package's afl-fuzz
# binary is unpacked into the work directory (apt-get download + dpkg-deb), because the package's dependencies
# (clang, build-essential) are for compiling C targets and SharpFuzz instruments .NET IL instead; if the unpacked
# binary misses a shared library that cannot be installed on its own, the whole package is installed. The
# sharpfuzz instrumenter is the NuGet tool SharpFuzz.CommandLine, installed into the work directory.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
seconds="${1:-${FUZZ_SECONDS:-60}}"
work="${FUZZ_WORK:-$root/artifacts/fuzz}"
sharpfuzz_version="2.3.0" # keep in step with SharpFuzz in Directory.Packages.props
corpus="$root/Tests/Fuzz/corpus"
mkdir -p "$work"

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi

# Sets $afl to an afl-fuzz that runs here.
find_afl() {
    if command -v afl-fuzz >/dev/null; then
        afl=$(command -v afl-fuzz)
        return
    fi
    afl="$work/afl/usr/bin/afl-fuzz"
    if [[ ! -x $afl ]]; then
        echo "fuzz-decoder: afl-fuzz not found; unpacking Debian's afl++ package into $work/afl"
        (cd "$work" && rm -f afl++_*.deb && { apt-get download afl++ </dev/null || { $sudo apt-get update </dev/null && apt-get download afl++ </dev/null; }; })
        dpkg-deb -x "$work"/afl++_*.deb "$work/afl"
    fi
    local missing
    missing=$(ldd "$afl" | awk '/not found/ { print $1 }')
    for lib in $missing; do
        echo "fuzz-decoder: afl-fuzz needs $lib; installing ${lib%%.so*}"
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get install -y --no-install-recommends "${lib%%.so*}" </dev/null || {
            echo "fuzz-decoder: installing the whole afl++ package instead"
            $sudo apt-get install -y --no-install-recommends afl++ </dev/null
            afl=$(command -v afl-fuzz)
            return
        }
    done
}

find_afl
"$afl" -h 2>&1 | head -n 1 || true

sharpfuzz="$work/tools/sharpfuzz"
if [[ ! -x $sharpfuzz ]]; then
    dotnet tool install --tool-path "$work/tools" SharpFuzz.CommandLine --version "$sharpfuzz_version"
fi

# Two copies of the fuzzer: "plain" replays inputs (the instrumented assembly needs AFL++'s shared memory), and
# "instrumented", whose Reactor.MiniRedis.Protocol.dll reports branch coverage to AFL++.
rm -rf "$work/plain" "$work/instrumented" "$work/findings"
dotnet publish Tests/Fuzz/Reactor.MiniRedis.Fuzz.csproj -c Release -o "$work/plain" --nologo -v quiet
cp -r "$work/plain" "$work/instrumented"
"$sharpfuzz" "$work/instrumented/Reactor.MiniRedis.Protocol.dll" Reactor.MiniRedis.Protocol

# The saved inputs must pass before fuzzing starts: a regression fails fast.
dotnet "$work/plain/Reactor.MiniRedis.Fuzz.dll" --replay "$corpus/seeds" "$corpus/regressions"

echo "fuzz-decoder: fuzzing for ${seconds}s"
# SharpFuzz serves the fork server itself, so afl-fuzz must not look for instrumentation in the dotnet binary.
# No UI and no CPU binding on a shared CI machine; crashes are exceptions, so a core-dump handler does not matter.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
timeout --kill-after=30 $((seconds + 180)) \
    "$afl" -V "$seconds" -i "$corpus/seeds" -o "$work/findings" -x Tests/Fuzz/resp.dict -t 5000 -m none \
    -- dotnet "$work/instrumented/Reactor.MiniRedis.Fuzz.dll" >"$work/afl.log" 2>&1 || {
    tail -n 40 "$work/afl.log"
    echo "fuzz-decoder: afl-fuzz failed (log: $work/afl.log)"
    exit 2
}
stats="$work/findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg) ' "$stats" || true

# Keep every crash and hang as a regression input, named by content so a rerun does not duplicate it.
found=0
for file in "$work"/findings/default/crashes/id:* "$work"/findings/default/hangs/id:*; do
    [[ -e $file ]] || continue
    kind=$(basename "$(dirname "$file")")
    name="${kind%s}-$(sha1sum "$file" | cut -c1-12)"
    cp "$file" "$corpus/regressions/$name"
    # Printed too, so an input found on a CI machine can be recreated: echo <base64> | base64 -d > <file>.
    echo "fuzz-decoder: saved $kind input Tests/Fuzz/corpus/regressions/$name, base64: $(base64 -w0 "$file")"
    found=$((found + 1))
done
if [[ $found -gt 0 ]]; then
    dotnet "$work/plain/Reactor.MiniRedis.Fuzz.dll" --replay "$corpus/regressions" || true
    echo "fuzz-decoder: $found failing input(s) found; fix the decoder and commit them"
    exit 1
fi
echo "fuzz-decoder: no failing input"
