#!/bin/sh
# Install roadmap with its manual page and shell completions under PREFIX (default ~/.local):
#   PREFIX/bin/roadmap                                  (cargo install --path crates/cli --locked)
#   PREFIX/share/man/man1/roadmap.1                     (man roadmap)
#   PREFIX/share/bash-completion/completions/roadmap
#   PREFIX/share/zsh/site-functions/_roadmap
#   PREFIX/share/fish/vendor_completions.d/roadmap.fish
# The page and the completions are what the binary prints (`roadmap man`, `roadmap completions
# SHELL`), so they always match it. ROADMAP_BIN=PATH installs that binary instead of building one.
#   scripts/install.sh              # ~/.local; put ~/.local/bin on PATH
#   sudo scripts/install.sh /usr/local
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-"$HOME/.local"}
mkdir -p "$prefix/bin"
if [ -n "${ROADMAP_BIN:-}" ]; then
    cp "$ROADMAP_BIN" "$prefix/bin/roadmap"
else
    cargo install --locked --path "$root/crates/cli" --root "$prefix"
fi
bin="$prefix/bin/roadmap"
mkdir -p "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
"$bin" man > "$prefix/share/man/man1/roadmap.1"
"$bin" completions bash > "$prefix/share/bash-completion/completions/roadmap"
"$bin" completions zsh > "$prefix/share/zsh/site-functions/_roadmap"
"$bin" completions fish > "$prefix/share/fish/vendor_completions.d/roadmap.fish"
echo "installed roadmap, its manual page and completions for bash, zsh and fish under $prefix" >&2
