#!/usr/bin/env python3
"""How `roadmap dates` reads the deadline cells of the reference annotations, apart from table
extraction: every row's `deadline.raw` is normalized in the context the annotator read it in,
and the result is held to the row's `deadline.expected`.

usage: reference-deadlines.py BIN [REFERENCE_DIR] [--misses] [--file STEM]

REFERENCE_DIR defaults to fixtures/reference/real. Each cell is given, as far as the build's
`roadmap dates` takes them:
- `--year`: the file's `plan_period` (a school year «2019/2020» when it runs from 1 September to
  31 August, a calendar year, several calendar years «2013-2018», whole months of one year
  «2018-06..2018-08» for a summer; a period of another shape is given as the calendar year it
  starts in);
- `--month`: the month of the row's section when the section's title is a month («СЕНТЯБРЬ»,
  «Август 2019 г.»);
- `--day`: the day of the row's section when its title is a day («23 марта», «24.03»);
- `--opens-school-year`: for a row naming August in a school-year plan, when the plan's month
  table runs from that August into the school year. The references do not record where a table
  starts, so this is read from the rows' order: no row above names a month, or the next month
  named below is September.

A cell is right when the kind, start and end are those expected; an expectation marked
`lenient` accepts any span-like kind (throughout, period, by_schedule, multiple, recurring), as
the references' scorer does. Prints the accuracy per file and overall; `--misses` lists every
miss with its context, grouped by what was expected and what came out."""
import collections, glob, json, os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

MONTHS = [
    ('январ', 1), ('феврал', 2), ('март', 3), ('апрел', 4), ('ма[йя]', 5), ('июн', 6),
    ('июл', 7), ('август', 8), ('сентябр', 9), ('октябр', 10), ('ноябр', 11), ('декабр', 12),
]
MONTH_WORD = r'(?:' + '|'.join(p for p, _ in MONTHS) + r')[а-яё]*'
SPAN_LIKE = {'throughout', 'period', 'by_schedule', 'multiple', 'recurring'}


def month_number(word):
    for prefix, number in MONTHS:
        if re.match(prefix, word):
            return number
    return None


def section_context(title):
    """(month, day text) a section title gives: a month alone, or a day of a month."""
    if not title:
        return None, None
    t = re.sub(r'[\s:.]+$', '', title.strip().lower())
    t = re.sub(r'\s+(?:месяц|[0-9]{4}\s*(?:г|года?)?)$', '', t)
    m = re.fullmatch(MONTH_WORD, t)
    if m:
        return month_number(t), None
    m = re.fullmatch(r'([0-9]{1,2})\s*(' + MONTH_WORD + r')', t)
    if m:
        return month_number(m.group(2)), t
    m = re.fullmatch(r'([0-9]{1,2})\.([0-9]{1,2})', t)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(2)), t
    return None, None


def year_argument(period):
    """The `--year` value for a reference's plan period, or None."""
    if not period or not period.get('start') or not period.get('end'):
        return None
    (y1, m1, d1), (y2, m2, d2) = ([int(x) for x in period[k].split('-')] for k in ('start', 'end'))
    if (m1, d1, m2, d2) == (9, 1, 8, 31) and y2 == y1 + 1:
        return f'{y1}/{y2}'
    if (m1, d1, m2, d2) == (1, 1, 12, 31) and y2 > y1 + 1:
        return f'{y1}-{y2}'
    if y1 == y2 and d1 == 1 and (m1, m2) != (1, 12):
        return f'{y1}-{m1:02}..{y2}-{m2:02}'
    return str(y1)


def cell_month(row, section_month):
    """The single month a row names, by its deadline cell or its section."""
    raw = (row['deadline']['raw'] or '').strip().lower().rstrip('.')
    if re.fullmatch(MONTH_WORD, raw):
        return month_number(raw)
    return section_month


def cases(path):
    """Every deadline cell of one reference, with its context."""
    doc = json.load(open(path, encoding='utf-8'))
    year = year_argument(doc.get('plan_period'))
    school = year is not None and '/' in year
    rows = doc['rows']
    contexts = [section_context((r.get('section') or {}).get('title')) for r in rows]
    named = [cell_month(r, c[0]) for r, c in zip(rows, contexts)]
    out = []
    for i, (row, (month, day)) in enumerate(zip(rows, contexts)):
        expected = row['deadline'].get('expected')
        if expected is None:
            continue
        opens = False
        if school and (named[i] == 8 or 'август' in row['deadline']['raw'].lower()):
            above = [m for m in named[:i] if m is not None and m != 8]
            below = [m for m in named[i + 1:] if m is not None and m != 8]
            opens = not above or (bool(below) and below[0] == 9)
        out.append(dict(file=os.path.basename(path)[:-5], raw=row['deadline']['raw'], expected=expected, year=year,
                        month=month, day=day, opens=opens, section=(row.get('section') or {}).get('title')))
    return out


def options(binary):
    """The context options this build's `roadmap dates` takes."""
    help_text = subprocess.run([binary, 'dates', '--help'], capture_output=True, text=True).stdout
    return {o for o in ('--day', '--opens-school-year') if o in help_text}


def normalize(binary, supported, case):
    cmd = [binary, 'dates', case['raw']]
    if case['year']:
        cmd += ['--year', case['year']]
    if case['month']:
        cmd += ['--month', str(case['month'])]
    if case['day'] and '--day' in supported:
        cmd += ['--day', case['day']]
    if case['opens'] and '--opens-school-year' in supported:
        cmd += ['--opens-school-year']
    p = subprocess.run(cmd, capture_output=True, text=True)
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {'kind': 'error: ' + p.stderr.strip()[:80]}


def right(got, expected):
    if expected.get('lenient'):
        return got.get('kind') in SPAN_LIKE
    return (got.get('kind'), got.get('start'), got.get('end')) == (expected['kind'], expected.get('start'), expected.get('end'))


def main(argv):
    flags = {a for a in argv if a.startswith('--')}
    args = [a for a in argv if not a.startswith('--')]
    only = None
    if '--file' in argv:
        only = argv[argv.index('--file') + 1]
        args.remove(only)
    if not args:
        sys.exit(__doc__)
    binary = args[0]
    folder = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'reference', 'real')
    supported = options(binary)
    all_cases = [c for p in sorted(glob.glob(os.path.join(folder, '*.json'))) for c in cases(p)]
    if only:
        all_cases = [c for c in all_cases if c['file'] == only]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda c: normalize(binary, supported, c), all_cases))
    per_file = collections.defaultdict(lambda: [0, 0])
    misses = collections.defaultdict(list)
    for case, got in zip(all_cases, results):
        ok = right(got, case['expected'])
        per_file[case['file']][0] += ok
        per_file[case['file']][1] += 1
        if not ok:
            e = case['expected']
            want = f"{e['kind']} {e.get('start')} {e.get('end')}" + (' lenient' if e.get('lenient') else '')
            misses[(case['raw'], want, f"{got.get('kind')} {got.get('start')} {got.get('end')}")].append(case)
    for name, (ok, total) in sorted(per_file.items()):
        print(f'{ok:5d}/{total:<5d} {100 * ok / total:5.1f}%  {name}')
    ok = sum(v[0] for v in per_file.values())
    total = sum(v[1] for v in per_file.values())
    print(f'REFERENCE DEADLINES {ok}/{total} = {100 * ok / total:.1f}% (context options: {", ".join(sorted(supported)) or "--year, --month"})')
    if '--misses' in flags:
        for (raw, want, got), group in sorted(misses.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            c = group[0]
            context = ' '.join(f'{k}={c[k]}' for k in ('year', 'month', 'day', 'opens') if c[k])
            files = ', '.join(sorted({g['file'] for g in group}))
            print(f'MISS x{len(group)} «{raw}» [{context}] want {want} got {got} — {files}')


if __name__ == '__main__':
    main(sys.argv[1:])
