#!/usr/bin/env bash
# Open `roadmap compare --format html` in a real headless Chromium and check what it renders.
#   scripts/check-compare-html.sh [SCREENSHOT-FOLDER]
#
# 1. The corpus's five regions: the page's script ran, every region has a row, a click on the
#    coverage header sorts.
# 2. 85 synthetic regions (every federal subject, plans of 2021 and 2022, milestones missing
#    here and there) at 1 400 × 900: the region column stays in place when the table scrolls
#    sideways, all 13 milestone columns fit the width, no header or cell text overflows its
#    cell, the year and federal-district filters hide the other rows (table and timeline),
#    sorting works, and the timeline has one time axis per milestone. Screenshots of the
#    table and of the timeline are left for a person to look at.
# Installs Debian's chromium when it is missing (scripts/with-chromium.sh; needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
shots="${1:-target/compare-html}"
mkdir -p "$shots"


roadmap="${ROADMAP_BIN:-}"
if [ -z "$roadmap" ]; then
  cargo build --release --locked --quiet
  roadmap=target/release/roadmap
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

browser() {
  scripts/with-chromium.sh chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" "$@" 2>/dev/null
}
fail() { echo "check-compare-html: $*" >&2; exit 1; }

# A harness page that loads PAGE in a frame of the given size, runs CHECKS (a function body
# that gets the frame's document `d` and returns a string) and puts the answer in the DOM.
probe() {
  local page="$1" width="$2" height="$3" checks="$4"
  cat > "$work/probe.html" <<HTML
<!DOCTYPE html><meta charset="utf-8">
<iframe id="f" src="$page" width="$width" height="$height" style="border:0"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument, w = this.contentWindow;
  var answer = (function (d, w) { $checks })(d, w);
  document.body.setAttribute("data-ready", d.body.dataset.ready);
  document.body.setAttribute("data-answer", answer);
};
</script>
HTML
  local dom
  dom="$(browser --allow-file-access-from-files --virtual-time-budget=5000 --dump-dom "file://$work/probe.html")"
  grep -q 'data-ready="yes"' <<<"$dom" || fail "the page's script did not run ($page)"
  grep -o 'data-answer="[^"]*"' <<<"$dom" | head -1 | sed 's/^data-answer="//; s/"$//'
}

# 1. The corpus.
"$roadmap" compare corpus/*.docx --format html -o "$work/corpus.html"
order="$(probe corpus.html 1600 900 '
  d.querySelector("thead th:nth-child(2)").click();
  return Array.prototype.map.call(d.querySelectorAll("tbody tr th"), function (t) { return t.dataset.sort; }).join("|");')"
for region in "Калужская область" "Ленинградская область" "Орловская область" "Приморский край" "Саратовская область"; do
  grep -q "$region" <<<"$order" || fail "no row for $region ($order)"
done
# Sorted by coverage, ascending: Приморский край (31%) first, Калужская область (100%) last.
[[ "$order" == 'Приморский край|'*'|Калужская область' ]] || fail "sorting by coverage gave $order"

# 2. 85 synthetic regions, from a corpus fixture.
mkdir -p "$work/synthetic"
python3 - "$work/synthetic" <<'PY'
import json, random, re, sys
out = sys.argv[1]
subjects = re.findall(r'\(r"[^"]*", "(RU-[A-Z]+)", "([^"]+)"\)', open("crates/extract/src/regions.rs", encoding="utf-8").read())
assert len(subjects) == 85, len(subjects)
base = json.load(open("fixtures/kaluga-2021-order-779.docx.json", encoding="utf-8"))
rng = random.Random(85)
for i, (iso, name) in enumerate(subjects):
    doc = json.loads(json.dumps(base))
    year = 2021 + i % 2
    doc["document"]["region"] = {"name": name, "iso": iso}
    doc["document"]["act_key"] = f"{iso}/{year}/synthetic"
    doc["document"]["number"] = str(100 + i)
    doc["source"]["sha256"] = f"{i:064x}"
    doc["source"]["path"] = f"synthetic/{iso}.docx"
    doc["plan"]["year"] = year
    dropped = set(rng.sample(sorted({m for a in doc["actions"] for m in a["milestones"]}), rng.randint(0, 6)))
    for a in doc["actions"]:
        a["milestones"] = [m for m in a["milestones"] if m not in dropped]
        for key in ("start", "end"):
            if a["deadline"][key]:
                a["deadline"][key] = str(year) + a["deadline"][key][4:]
    json.dump(doc, open(f"{out}/{iso}.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
"$roadmap" compare "$work/synthetic" --format html -o "$work/regions85.html"
answer="$(probe regions85.html 1400 900 '
  var table = d.getElementById("comparison"), scroll = d.querySelector(".scroll");
  var rows = table.tBodies[0].rows.length;
  var heads = table.tHead.rows[0].cells;
  // every milestone column within the 1 400-pixel window
  var lastRight = heads[heads.length - 1].getBoundingClientRect().right;
  // no header or cell text wider than its cell
  var overflowing = Array.prototype.filter.call(d.querySelectorAll("thead th, tbody td"), function (c) { return c.scrollWidth > c.clientWidth + 1; }).length;
  // the region column stays where it is when the table scrolls sideways
  var first = table.tBodies[0].rows[0].cells[0], before = first.getBoundingClientRect().left;
  scroll.scrollLeft = 400;
  var after = first.getBoundingClientRect().left;
  scroll.scrollLeft = 0;
  // filters: one federal district, then one year
  var district = d.getElementById("district"); district.value = "Дальневосточный"; district.dispatchEvent(new Event("change"));
  var shownDistrict = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.classList.contains("hidden"); }).length;
  var timelineShown = Array.prototype.filter.call(d.querySelectorAll("#timeline details:first-of-type g.row"), function (g) { return g.style.display !== "none"; }).length;
  district.value = ""; district.dispatchEvent(new Event("change"));
  var year = d.getElementById("year"); year.value = "2022"; year.dispatchEvent(new Event("change"));
  var shownYear = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.classList.contains("hidden"); }).length;
  year.value = ""; year.dispatchEvent(new Event("change"));
  // sorting by coverage puts the lowest first
  heads[1].click();
  var sorted = Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[1].dataset.sort; });
  var ascending = sorted.every(function (v, i) { return i === 0 || sorted[i - 1] <= v; });
  var axes = d.querySelectorAll("#timeline svg").length;
  return [rows, Math.round(lastRight), overflowing, Math.round(before - after), shownDistrict, timelineShown, shownYear, ascending, axes].join(" ");')"
read -r rows right overflowing moved district_rows timeline_rows year_rows ascending axes <<<"$answer"
[ "$rows" = 85 ] || fail "85 regions, $rows rows"
[ "$right" -le 1400 ] || fail "the last milestone column ends at $right px, past 1 400"
[ "$overflowing" = 0 ] || fail "$overflowing header or cell texts overflow their cells"
[ "$moved" = 0 ] || fail "the region column moved by $moved px when the table scrolled sideways"
# in a narrower window the table scrolls sideways, and the region column stays
read -r scrolled moved_narrow <<<"$(probe regions85.html 900 700 '
  var scroll = d.querySelector(".scroll"), first = d.getElementById("comparison").tBodies[0].rows[0].cells[0];
  var before = first.getBoundingClientRect().left;
  scroll.scrollLeft = 400;
  return [scroll.scrollLeft, Math.round(before - first.getBoundingClientRect().left)].join(" ");')"
[ "$scrolled" -gt 0 ] || fail "the table did not scroll sideways at 900 px"
[ "$moved_narrow" = 0 ] || fail "the region column moved by $moved_narrow px when the table scrolled sideways at 900 px"
[ "$district_rows" = 11 ] || fail "the Far Eastern district has 11 subjects, the filter shows $district_rows rows"
[ "$timeline_rows" = 11 ] || fail "the timeline shows $timeline_rows rows for the Far Eastern district, not 11"
[ "$year_rows" = 42 ] || fail "42 synthetic plans are for 2022, the filter shows $year_rows"
[ "$ascending" = true ] || fail "sorting by coverage is not ascending"
[ "$axes" = 13 ] || fail "the timeline has $axes axes, not one per milestone (13)"

browser --window-size=1400,900 --screenshot="$shots/table.png" "file://$work/regions85.html" >/dev/null
# the timeline: the page in a frame, scrolled to it
cat > "$work/timeline.html" <<HTML
<!DOCTYPE html><meta charset="utf-8"><style>body { margin: 0 }</style>
<iframe src="regions85.html" width="1400" height="900" style="border:0"
  onload="this.contentDocument.getElementById('timeline').scrollIntoView()"></iframe>
HTML
browser --allow-file-access-from-files --window-size=1400,900 --virtual-time-budget=3000 --screenshot="$shots/timeline.png" "file://$work/timeline.html" >/dev/null
[ -s "$shots/table.png" ] && [ -s "$shots/timeline.png" ] || fail "no screenshots"
echo "check-compare-html: ok (corpus: 5 regions, sorting; 85 regions at 1400x900: every column in view, no overflow, sticky region column, filters, sorting, 13 timelines); screenshots in $shots"
