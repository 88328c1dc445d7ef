#!/usr/bin/env bash
# GPU smoke test: run on a GPU node, from a clone of Guidelab, after building the GPU worker:
#
#   ./mvnw -Pcuda package -DskipTests && ops/gpu-smoke.sh
#
# It starts the packaged app (embedded Kafka and PostgreSQL, ports 8080, 15432 and 19092 must be
# free) once per device of DEVICES (default "cuda cpu"), registers the repository's image test
# fixtures (an exact Gaussian denoiser of 3×16×16 images, a wrong one as the guide, a 64-D feature
# network, a reference of 10,000 exact samples), runs the same small sweep on each device, prints
# each run's throughput and compares the numbers.
#
# Tolerance: the devices run the same float32 networks with different kernels and summation orders
# (features differ by a few float32 ulp), and a sample on a uint8 quantisation boundary may land
# one level apart, so the script accepts 1 % relative on fd and kid and 0.005 absolute on
# precision and recall (10 of the 2,000 samples changing sides of a k-NN radius). Anything larger is
# a device bug, not rounding. With DEVICES="cpu cpu" (how it is checked on machines without a GPU)
# the numbers must agree bit for bit, and the script says so.
#
# Needs bash, curl and python3 (standard library only).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
app=${1:-$repo/target/quarkus-app}
devices=${DEVICES:-cuda cpu}
fixtures=$repo/src/test/resources/denoisers
work=$(mktemp -d "${TMPDIR:-/tmp}/guidelab-gpu-smoke.XXXXXX")
echo "app: $app; devices: $devices; work directory: $work"

# Reference images: 10,000 exact samples x = μ + s·z of the fixture distribution, quantised as EDM
# writes images, in an .npz the reference endpoint reads (images, uint8, N×3×16×16).
python3 - "$fixtures/gaussian-images.json" "$work/reference.npz" <<'PY'
import json, random, struct, sys, zipfile
doc = json.load(open(sys.argv[1]))
mu, s, n = doc["mu"], doc["s"], 10_000
rng = random.Random(1)
pixels = bytearray()
for _ in range(n):
    for m in mu:
        v = (m + s * rng.gauss(0.0, 1.0)) * 127.5 + 128
        pixels.append(int(min(255.0, max(0.0, v))))
header = "{'descr': '|u1', 'fortran_order': False, 'shape': (%d, 3, 16, 16), }" % n
header += " " * (63 - (10 + len(header)) % 64) + "\n"
npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + bytes(pixels)
with zipfile.ZipFile(sys.argv[2], "w") as z:
    z.writestr("images.npy", npy)
PY

spec='{"name": "gpu smoke", "main": "smoke-exact", "reuse": false,
  "sweep": [{"method": "none"}, {"method": "autoguidance", "guide": "smoke-bad", "weights": [2]}],
  "samples": 2000, "seed": 1, "features": "smoke-features", "reference": "smoke-reference",
  "metrics": ["fd", "kid", "precision", "recall"]}'

run() { # device, name → $work/<name>.json (the finished experiment) and <name>.ms (its time)
  local device=$1 out=$2 dir=$work/$2
  mkdir -p "$dir"
  (cd "$dir" && GUIDELAB_WORKER_DEVICE=$device exec java -jar "$app/quarkus-run.jar" >app.log 2>&1) &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 180); do
    grep -q "Guidelab is ready" "$dir/app.log" && break
    grep -q "Guidelab failed" "$dir/app.log" && { grep "Guidelab failed" "$dir/app.log"; exit 1; }
    sleep 1
  done
  grep -m1 "networks run on" "$dir/app.log" || true
  local auth="Authorization: Bearer $(cat "$dir/guidelab-data/admin-token")"
  local api=http://localhost:8080/api
  post() { curl -sf -X POST "$api/$1" -H "$auth" -H 'Content-Type: application/octet-stream' --data-binary "@$2" >/dev/null; }
  post 'models?name=smoke-exact&channels=3&resolution=16&classes=0' "$fixtures/gaussian-exact.pt"
  post 'models?name=smoke-bad&channels=3&resolution=16&classes=0' "$fixtures/gaussian-bad.pt"
  post 'feature-networks?name=smoke-features&contract=uint8&channels=3&dim=64' "$fixtures/pooled-features.pt"
  post 'references/compute?name=smoke-reference&features=smoke-features' "$work/reference.npz"
  for _ in $(seq 300); do
    curl -sf -o /dev/null -H "$auth" "$api/references/smoke-reference" && break
    sleep 1
  done
  local start id state=""
  start=$(date +%s%N)
  id=$(curl -sf -X POST "$api/experiments" -H "$auth" -H 'Content-Type: application/json' -d "$spec" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 3600); do
    curl -sf -H "$auth" "$api/experiments/$id" >"$work/$out.json"
    state=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$work/$out.json")
    [ "$state" = COMPLETED ] || [ "$state" = FAILED ] || [ "$state" = CANCELLED ] && break
    sleep 1
  done
  echo $((($(date +%s%N) - start) / 1000000)) >"$work/$out.ms"
  kill $pid && wait $pid || true
  trap - EXIT
  [ "$state" = COMPLETED ] || { echo "$device: the sweep ended $state (log: $dir/app.log)"; exit 1; }
  echo "$device: 2 points × 2,000 samples in $(cat "$work/$out.ms") ms, submission to completion"
}

i=0
for device in $devices; do
  run "$device" "$i-$device"
  i=$((i + 1))
done

python3 - "$work" $devices <<'PY'
import json, sys
work, devices = sys.argv[1], sys.argv[2:]
runs = [json.load(open(f"{work}/{i}-{d}.json")) for i, d in enumerate(devices)]
def values(run):
    return {(p["label"], m): v for p in run["points"] for m, v in p["metrics"].items()}
first, ok, exact = values(runs[0]), True, True
for i, run in enumerate(runs[1:], 1):
    for key, v in sorted(values(run).items()):
        u = first[key]
        if v is None or u is None:
            same = u == v
        elif key[1] in ("precision", "recall"):
            same = abs(u - v) <= 0.005
        else:
            same = abs(u - v) <= 0.01 * max(abs(u), abs(v))
        exact &= u == v
        ok &= same
        print(f"{key[0]:>24} {key[1]:>10}: {devices[0]} {u!r:>24}  {devices[i]} {v!r:>24}"
              + ("" if same else "  <- outside the tolerance"))
print("bit for bit the same" if exact else "within the tolerance" if ok else "FAILED: outside the tolerance")
sys.exit(0 if ok else 1)
PY
