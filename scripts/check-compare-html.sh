#!/usr/bin/env bash
# Open `roadmap compare corpus --format html` in a real headless Chromium and check what it
# renders: the page's script ran, every corpus region has a row, and clicking sorts. Leaves a
# screenshot for a person to look at.
#   scripts/check-compare-html.sh [SCREENSHOT.png]
# Installs Debian's chromium when it is missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
shot="${1:-target/compare.png}"

if ! command -v chromium >/dev/null; then
  echo "check-compare-html: installing chromium from Debian's packages" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi

cargo build --release --locked --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
page="$work/compare.html"
target/release/roadmap compare corpus --format html -o "$page"

browser() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" "$@" 2>/dev/null
}

# The DOM after the page's script ran, with the table sorted by coverage (a click on the
# second header, made by a script injected after the page's own).
cat > "$work/sorted.html" <<HTML
<!DOCTYPE html><meta charset="utf-8">
<iframe id="f" src="compare.html" width="1600" height="900"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument;
  d.querySelector("thead th:nth-child(2)").click();
  var rows = Array.prototype.map.call(d.querySelectorAll("tbody tr th"), function (t) { return t.dataset.sort; });
  document.body.setAttribute("data-ready", d.body.dataset.ready);
  document.body.setAttribute("data-order", rows.join("|"));
};
</script>
HTML
dom="$(browser --allow-file-access-from-files --virtual-time-budget=3000 --dump-dom "file://$work/sorted.html")"

fail() { echo "check-compare-html: $*" >&2; exit 1; }
grep -q 'data-ready="yes"' <<<"$dom" || fail "the page's script did not run"
order="$(grep -o 'data-order="[^"]*"' <<<"$dom" | head -1)"
for region in "Калужская область" "Ленинградская область" "Орловская область" "Приморский край" "Саратовская область"; do
  grep -q "$region" <<<"$order" || fail "no row for $region ($order)"
done
# Sorted by coverage, ascending: Приморский край (30%) first, Калужская область (100%) last.
[[ "$order" == 'data-order="Приморский край|'*'|Калужская область"' ]] || fail "sorting by coverage gave $order"

mkdir -p "$(dirname "$shot")"
browser --window-size=1600,900 --screenshot="$shot" "file://$page" >/dev/null
[ -s "$shot" ] || fail "no screenshot"
echo "check-compare-html: ok (5 regions, sorting works); screenshot: $shot"
