#!/usr/bin/env bash
# Installs tongbao into ~/.tongbao/bin for the ledger workflows: the released Linux
# binary named by .tongbao-version (checked against its SHA-256), or, for `source` or
# when the download fails, a build of this repository's own source.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$HOME/.tongbao/bin"
mkdir -p "$dest"
line="$(grep -Ev '^[[:space:]]*(#|$)' .tongbao-version 2>/dev/null | head -n 1 || true)"
read -r version repo _ <<<"${line:-source}"
if [ "$version" != "source" ] && [ -n "${repo:-}" ]; then
  asset="tongbao-$version-linux-x86_64.tar.gz"
  base="https://github.com/$repo/releases/download/$version"
  tmp="$(mktemp -d)"
  if (cd "$tmp" && curl -fsSLO "$base/$asset" && curl -fsSLO "$base/$asset.sha256" \
      && sha256sum -c "$asset.sha256" && tar -xzf "$asset" tongbao); then
    install -m 755 "$tmp/tongbao" "$dest/tongbao"
    "$dest/tongbao" --version
    exit 0
  fi
  echo "::warning::下载 tongbao $version（$repo）失败，改为从源码编译。请检查 .tongbao-version 中的版本号和仓库名。"
fi
cargo install --path . --locked --root "$HOME/.tongbao"
"$dest/tongbao" --version
