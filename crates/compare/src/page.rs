//! The comparison as one self-contained HTML page, built to read with all 85 regions and 13
//! milestones on a 1 400-pixel screen: the region column and the header stay in view while
//! scrolling, cells are compact (the span's two ends on two lines), headers wrap inside their
//! cells, rows filter by plan year and federal district, a click on a header sorts, and a
//! timeline draws, for each milestone, every row's window on one time axis (inline SVG). No
//! external scripts, styles or fonts.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::{file_name, html, Comparison, Evidence, RegionRow};

/// A milestone's name with soft hyphens between the syllables of its words (Russian rules):
/// the narrow header cells break words where Russian does, with a hyphen, in any browser —
/// one without hyphenation dictionaries (headless Chromium offline) included.
fn hyphenated(name: &str) -> String {
    name.split(' ')
        .map(|word| hypher::hyphenate(word, hypher::Lang::Russian).collect::<Vec<_>>().join("\u{ad}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The actions behind a cell, each with a link to its row in the review report at `review`.
fn evidence(list: &[Evidence], review: Option<&str>) -> String {
    let mut out = String::from("<ol>");
    for e in list {
        let span = match (&e.start, &e.end) {
            (Some(s), Some(t)) if s != t => format!("{s} – {t}"),
            (Some(d), _) | (None, Some(d)) => d.clone(),
            (None, None) => "без срока".to_string(),
        };
        let link = review.map_or_else(String::new, |base| {
            let base = base.trim_end_matches('/');
            let base = if base.is_empty() { String::new() } else { format!("{base}/") };
            format!(
                " <a href=\"{}{}#row-{}\">строка в отчёте проверки</a>",
                html(&base),
                html(&roadmap_review::page_name(&e.document)),
                e.seq
            )
        });
        let _ = write!(
            out,
            "<li><b>{number}</b> {action}<div class=\"meta\">срок: «{raw}» ({span}); ответственные: {who}; {file}{link}</div></li>",
            number = html(e.number.as_deref().unwrap_or("—")),
            action = html(&e.action),
            raw = html(&e.deadline),
            span = html(&span),
            who = html(&if e.responsible.is_empty() { "—".to_string() } else { e.responsible.join("; ") }),
            file = html(file_name(&e.path)),
        );
    }
    out.push_str("</ol>");
    out
}

/// The federal district of a subject, by its ISO 3166-2:RU code.
pub fn federal_district(iso: &str) -> Option<&'static str> {
    const DISTRICTS: [(&str, &[&str]); 8] = [
        (
            "Центральный",
            &[
                "RU-BEL", "RU-BRY", "RU-VLA", "RU-VOR", "RU-IVA", "RU-KLU", "RU-KOS", "RU-KRS", "RU-LIP", "RU-MOS", "RU-ORL", "RU-RYA",
                "RU-SMO", "RU-TAM", "RU-TVE", "RU-TUL", "RU-YAR", "RU-MOW",
            ],
        ),
        ("Северо-Западный", &["RU-KR", "RU-KO", "RU-ARK", "RU-NEN", "RU-VLG", "RU-KGD", "RU-LEN", "RU-MUR", "RU-NGR", "RU-PSK", "RU-SPE"]),
        ("Южный", &["RU-AD", "RU-KL", "RU-CR", "RU-KDA", "RU-AST", "RU-VGG", "RU-ROS", "RU-SEV"]),
        ("Северо-Кавказский", &["RU-DA", "RU-IN", "RU-KB", "RU-KC", "RU-SE", "RU-CE", "RU-STA"]),
        (
            "Приволжский",
            &[
                "RU-BA", "RU-ME", "RU-MO", "RU-TA", "RU-UD", "RU-CU", "RU-PER", "RU-KIR", "RU-NIZ", "RU-ORE", "RU-PNZ", "RU-SAM", "RU-SAR",
                "RU-ULY",
            ],
        ),
        ("Уральский", &["RU-KGN", "RU-SVE", "RU-TYU", "RU-KHM", "RU-YAN", "RU-CHE"]),
        ("Сибирский", &["RU-AL", "RU-TY", "RU-KK", "RU-ALT", "RU-KYA", "RU-IRK", "RU-KEM", "RU-NVS", "RU-OMS", "RU-TOM"]),
        ("Дальневосточный", &["RU-BU", "RU-SA", "RU-ZAB", "RU-KAM", "RU-PRI", "RU-KHA", "RU-AMU", "RU-MAG", "RU-SAK", "RU-YEV", "RU-CHU"]),
    ];
    DISTRICTS.iter().find(|(_, codes)| codes.contains(&iso)).map(|(name, _)| *name)
}

fn date(text: Option<&str>) -> Option<NaiveDate> {
    text.and_then(|t| t.parse().ok())
}

/// A row's label on the timeline: the region and its year.
fn row_label(r: &RegionRow) -> String {
    match r.year {
        Some(y) => format!("{} {y}", r.region),
        None => r.region.clone(),
    }
}

impl Comparison {
    /// One self-contained HTML page; see the module's documentation. With `review` (the
    /// folder or address of a review report, as `roadmap review` writes it), each action behind
    /// a cell links to its row there.
    pub fn html(&self, review: Option<&str>) -> String {
        let mut rows = String::new();
        for r in &self.regions {
            let district = r.iso.as_deref().and_then(federal_district).unwrap_or("");
            let _ = write!(
                rows,
                "<tr data-year=\"{year}\" data-district=\"{district}\"><th scope=\"row\" data-sort=\"{region}\">{region}<div class=\"docs\">{year_label}{acts}<br>{docs}<br>{links}</div></th><td data-sort=\"{pct:03}\"><div class=\"bar\"><span style=\"width:{pct}%\"></span></div>{covered}/{total}</td>",
                year = r.year.map(|y| y.to_string()).unwrap_or_default(),
                district = html(district),
                region = html(&r.region),
                year_label = r.year.map_or_else(String::new, |y| format!("{y}: ")),
                acts = html(&r.acts_label()),
                docs = html(&format!("{} док., {} мероприятий", r.documents.len(), r.actions)),
                links = r.documents.iter().map(|p| format!("<a href=\"{}\">{}</a>", html(p), html(file_name(p)))).collect::<Vec<_>>().join(" "),
                pct = r.coverage_percent(),
                covered = r.covered,
                total = r.total,
            );
            for m in &self.milestones {
                match r.milestones.get(&m.id) {
                    Some(c) => {
                        // the span's two ends on two lines keep the column narrow
                        let span = match (&c.start, &c.end) {
                            (Some(s), Some(e)) if s != e => format!("{}<br>{}", html(s), html(e)),
                            _ => html(&c.span()),
                        };
                        let _ = write!(
                            rows,
                            "<td class=\"yes\" data-sort=\"{sort}\" title=\"{title}\">{span}<div class=\"n\">{n}</div><div class=\"evidence\" hidden><h3>{heading}</h3>{list}</div></td>",
                            sort = html(c.start.as_deref().unwrap_or("9999")),
                            title = html(&format!("{}: {} — {} мероприятий", m.name, c.span(), c.actions)),
                            n = c.actions,
                            heading = html(&format!("{} · {}", row_label(r), m.name)),
                            list = evidence(&c.evidence, review),
                        );
                    }
                    None => rows.push_str("<td class=\"no\" data-sort=\"~\">—</td>"),
                }
            }
            rows.push_str("</tr>\n");
        }
        let mut header = String::from("<th class=\"region\">Регион</th><th>Охват</th>");
        for m in &self.milestones {
            let _ = write!(header, "<th title=\"{name}\">{shown}</th>", name = html(&m.name), shown = html(&hyphenated(&m.name)));
        }
        let mut missing = String::new();
        for r in &self.regions {
            let names: Vec<String> = r.missing.iter().map(|id| html(&self.name_of(id))).collect();
            let _ = writeln!(
                missing,
                "<li><b>{}</b>: {}</li>",
                html(&row_label(r)),
                if names.is_empty() { "все этапы есть".to_string() } else { names.join("; ") }
            );
        }
        let years: BTreeSet<i32> = self.regions.iter().filter_map(|r| r.year).collect();
        let districts: BTreeSet<&str> = self.regions.iter().filter_map(|r| r.iso.as_deref().and_then(federal_district)).collect();
        let options = |values: Vec<String>| values.iter().map(|v| format!("<option>{}</option>", html(v))).collect::<String>();
        let year_options = options(years.iter().map(i32::to_string).collect());
        let district_options = options(districts.iter().map(|d| d.to_string()).collect());
        format!(
            r##"<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Проект «500+»: сравнение региональных планов</title>
<style>
body {{ font: 13px/1.35 system-ui, sans-serif; margin: 1em; color: #222; }}
.scroll {{ overflow: auto; max-height: 85vh; border: 1px solid #ccc; }}
table {{ border-collapse: separate; border-spacing: 0; table-layout: fixed; width: max-content; }}
th, td {{ border-right: 1px solid #ddd; border-bottom: 1px solid #ddd; padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }}
thead th {{ position: sticky; top: 0; z-index: 2; background: #f4f4f4; cursor: pointer; font-size: 11px; font-weight: 600; width: 74px; overflow-wrap: normal; hyphens: manual; }}
td.yes {{ cursor: pointer; }}
#evidence {{ position: fixed; top: 0; right: 0; bottom: 0; width: min(520px, 90vw); overflow: auto; z-index: 10; background: #fff; border-left: 2px solid #34a853; box-shadow: -4px 0 12px rgba(0,0,0,.15); padding: .5em 1em; }}
#evidence h3 {{ margin: .3em 2em .3em 0; font-size: 14px; }}
#evidence ol {{ padding-left: 1.4em; }}
#evidence li {{ margin: .5em 0; }}
#evidence .meta {{ font-size: 11px; color: #555; }}
#evidence button {{ position: absolute; top: .4em; right: .6em; }}
thead th.region {{ left: 0; z-index: 3; width: 190px; }}
tbody th {{ position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; width: 190px; font-weight: 600; }}
td {{ font-size: 11px; width: 74px; }}
td.yes {{ background: #e6f4ea; }}
td.no {{ background: #fafafa; color: #999; text-align: center; }}
.n, .docs {{ font-size: 10px; color: #666; font-weight: normal; }}
.docs a {{ color: #36c; }}
.bar {{ width: 60px; height: 5px; background: #eee; }}
.bar span {{ display: block; height: 5px; background: #34a853; }}
.filters {{ margin: .5em 0; }}
.filters label {{ margin-right: 1.5em; }}
tr.hidden {{ display: none; }}
details {{ margin: .3em 0; }}
summary {{ cursor: pointer; font-weight: 600; }}
svg text {{ font: 10px system-ui, sans-serif; }}
</style>
</head>
<body>
<h1>Проект «500+»: этапы в региональных планах</h1>
<p>{regions} строк (регион и год плана), {milestones} этапов. Ячейка: сроки мероприятий этапа (начало и конец) и их число; щелчок по ячейке показывает эти мероприятия. Щелчок по заголовку сортирует.</p>
<aside id="evidence" hidden><button id="close" title="Esc">×</button><div id="shown-evidence"></div></aside>
<div class="filters">
<label>Год плана <select id="year"><option value="">все</option>{year_options}</select></label>
<label>Федеральный округ <select id="district"><option value="">все</option>{district_options}</select></label>
<span id="shown"></span>
</div>
<div class="scroll">
<table id="comparison">
<thead><tr>{header}</tr></thead>
<tbody>
{rows}</tbody>
</table>
</div>
<h2>Сроки по этапам</h2>
<p>Для каждого этапа — окна мероприятий всех строк на одной оси времени; серым отмечены строки без этапа.</p>
<div id="timeline">
{timeline}</div>
<h2>Каких этапов нет</h2>
<ul id="missing">
{missing}</ul>
<script>
(function () {{
  var table = document.getElementById("comparison");
  var heads = table.tHead.rows[0].cells;
  for (var i = 0; i < heads.length; i++) {{
    heads[i].addEventListener("click", sortBy.bind(null, i));
  }}
  function sortBy(column) {{
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = table.dataset.sorted === String(column);
    rows.sort(function (a, b) {{
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    }});
    rows.forEach(function (r) {{ body.appendChild(r); }});
    table.dataset.sorted = descending ? "" : String(column);
  }}
  var year = document.getElementById("year"), district = document.getElementById("district");
  function filter() {{
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {{
      var keep = (!year.value || r.dataset.year === year.value) && (!district.value || r.dataset.district === district.value);
      r.classList.toggle("hidden", !keep);
      if (keep) shown++;
    }});
    Array.prototype.forEach.call(document.querySelectorAll("#timeline g.row"), function (g) {{
      var keep = (!year.value || g.dataset.year === year.value) && (!district.value || g.dataset.district === district.value);
      g.style.display = keep ? "" : "none";
    }});
    document.getElementById("shown").textContent = "показано: " + shown;
  }}
  year.addEventListener("change", filter);
  district.addEventListener("change", filter);
  filter();
  // a cell opens the actions behind it
  var panel = document.getElementById("evidence"), shownEvidence = document.getElementById("shown-evidence");
  table.tBodies[0].addEventListener("click", function (e) {{
    var cell = e.target.closest("td.yes");
    if (!cell || e.target.closest("a")) return;
    shownEvidence.innerHTML = cell.querySelector(".evidence").innerHTML;
    panel.hidden = false;
  }});
  function close() {{ panel.hidden = true; }}
  document.getElementById("close").addEventListener("click", close);
  document.addEventListener("keydown", function (e) {{ if (e.key === "Escape") close(); }});
  document.body.dataset.ready = "yes";
}})();
</script>
</body>
</html>
"##,
            regions = self.regions.len(),
            milestones = self.milestones.len(),
            timeline = self.timeline(),
        )
    }

    /// One SVG per milestone: a time axis over every row's dates, and each row's window on it
    /// (a grey mark where the row lacks the milestone).
    fn timeline(&self) -> String {
        let dates: Vec<NaiveDate> = self
            .regions
            .iter()
            .flat_map(|r| r.milestones.values())
            .flat_map(|c| [date(c.start.as_deref()), date(c.end.as_deref())])
            .flatten()
            .collect();
        let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
            return "<p>Нет сроков.</p>\n".to_string();
        };
        let days = (*last - *first).num_days().max(1) as f64;
        const LABEL: f64 = 270.0;
        const WIDTH: f64 = 900.0;
        const LINE: f64 = 12.0;
        let x = |d: NaiveDate| LABEL + (d - *first).num_days() as f64 / days * WIDTH;
        let mut out = String::new();
        for (i, m) in self.milestones.iter().enumerate() {
            let height = LINE * self.regions.len() as f64 + 24.0;
            let _ = write!(
                out,
                "<details{open}><summary>{name}</summary><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" role=\"img\" aria-label=\"{name}\">",
                open = if i == 0 { " open" } else { "" },
                name = html(&m.name),
                w = LABEL + WIDTH + 10.0,
            );
            // the axis: the first day of each year, and of each quarter
            let mut tick = NaiveDate::from_ymd_opt(chrono::Datelike::year(first), 1, 1).unwrap_or(*first);
            while tick <= *last {
                if tick >= *first {
                    let month = chrono::Datelike::month(&tick);
                    let _ = write!(
                        out,
                        "<line x1=\"{x:.1}\" y1=\"0\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{color}\"/>",
                        x = x(tick),
                        y = height - 14.0,
                        color = if month == 1 { "#999" } else { "#e4e4e4" },
                    );
                    let _ = write!(
                        out,
                        "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                        x(tick) + 2.0,
                        height - 3.0,
                        tick.format(if month == 1 { "%Y" } else { "%m" })
                    );
                }
                tick = tick.checked_add_months(chrono::Months::new(3)).unwrap_or(NaiveDate::MAX);
            }
            for (row, r) in self.regions.iter().enumerate() {
                let y = LINE * row as f64;
                let district = r.iso.as_deref().and_then(federal_district).unwrap_or("");
                let _ = write!(
                    out,
                    "<g class=\"row\" data-year=\"{year}\" data-district=\"{district}\"><text x=\"0\" y=\"{ty:.1}\">{label}</text>",
                    year = r.year.map(|y| y.to_string()).unwrap_or_default(),
                    district = html(district),
                    ty = y + 9.0,
                    label = html(&row_label(r)),
                );
                match r
                    .milestones
                    .get(&m.id)
                    .and_then(|c| Some((date(c.start.as_deref().or(c.end.as_deref()))?, date(c.end.as_deref().or(c.start.as_deref()))?, c)))
                {
                    Some((start, end, c)) => {
                        let _ = write!(
                            out,
                            "<rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{w:.1}\" height=\"8\" fill=\"#34a853\"><title>{title}</title></rect>",
                            x0 = x(start),
                            y0 = y + 2.0,
                            w = (x(end) - x(start)).max(2.0),
                            title = html(&format!("{}: {} ({})", row_label(r), c.span(), c.actions)),
                        );
                    }
                    None => {
                        let _ = write!(out, "<rect x=\"{LABEL}\" y=\"{:.1}\" width=\"{WIDTH}\" height=\"8\" fill=\"#f1f1f1\"/>", y + 2.0);
                    }
                }
                out.push_str("</g>");
            }
            out.push_str("</svg></details>\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::federal_district;

    #[test]
    fn every_subject_is_in_one_of_the_eight_districts() {
        let codes = [
            "RU-AD", "RU-AL", "RU-ALT", "RU-AMU", "RU-ARK", "RU-AST", "RU-BA", "RU-BEL", "RU-BRY", "RU-BU", "RU-CE", "RU-CHE", "RU-CHU",
            "RU-CR", "RU-CU", "RU-DA", "RU-IN", "RU-IRK", "RU-IVA", "RU-KAM", "RU-KB", "RU-KC", "RU-KDA", "RU-KEM", "RU-KGD", "RU-KGN",
            "RU-KHA", "RU-KHM", "RU-KIR", "RU-KK", "RU-KL", "RU-KLU", "RU-KO", "RU-KOS", "RU-KR", "RU-KRS", "RU-KYA", "RU-LEN", "RU-LIP",
            "RU-MAG", "RU-ME", "RU-MO", "RU-MOS", "RU-MOW", "RU-MUR", "RU-NEN", "RU-NGR", "RU-NIZ", "RU-NVS", "RU-OMS", "RU-ORE", "RU-ORL",
            "RU-PER", "RU-PNZ", "RU-PRI", "RU-PSK", "RU-ROS", "RU-RYA", "RU-SA", "RU-SAK", "RU-SAM", "RU-SAR", "RU-SE", "RU-SEV", "RU-SMO",
            "RU-SPE", "RU-STA", "RU-SVE", "RU-TA", "RU-TAM", "RU-TOM", "RU-TUL", "RU-TVE", "RU-TY", "RU-TYU", "RU-UD", "RU-ULY", "RU-VGG",
            "RU-VLA", "RU-VLG", "RU-VOR", "RU-YAN", "RU-YAR", "RU-YEV", "RU-ZAB",
        ];
        assert_eq!(codes.len(), 85);
        assert!(codes.iter().all(|c| federal_district(c).is_some()), "{:?}", codes.iter().find(|c| federal_district(c).is_none()));
        assert_eq!(federal_district("RU-PRI"), Some("Дальневосточный"));
        assert_eq!(federal_district("RU-XX"), None);
    }
}
