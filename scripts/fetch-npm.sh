#!/usr/bin/env bash
# Fetches one npm package (tarball from the npm registry) and unpacks it in .cache/NAME/.
#   scripts/fetch-npm.sh SPEC DIR    e.g. @etalab/decoupage-administratif@6.0.0 .cache/decoupage-administratif
set -euo pipefail
spec=$1
dest=$2
mkdir -p .cache/npm "$dest"
tarball=$(cd .cache/npm && npm pack --silent "$spec" 2>/dev/null | tail -n 1)
rm -rf "$dest/package"
tar -xzf ".cache/npm/$tarball" -C "$dest"
echo "$spec → $dest/package"
