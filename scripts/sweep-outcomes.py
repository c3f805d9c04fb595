#!/usr/bin/env python3
"""Per-file outcomes of `roadmap extract` over a folder of other projects' test files, kept as a
table so a change of reader shows which files it changed.

usage: sweep-outcomes.py BIN DIR TABLE            write TABLE (file, outcome, digest)
       sweep-outcomes.py BIN DIR TABLE --check    compare with TABLE; exit 1 when a file that
                                                 read before no longer reads or reads otherwise

An outcome is `read` with the number of actions and a digest of the document without its
source path (the same output gives the same digest on any machine), or `error:<code>` from
`_errors.jsonl`. Files that newly read are reported but are not failures.
`tests/sweep-outcomes.tsv` holds the table for the folder of files from pdf.js, qpdf, PyMuPDF,
pypdf, pdfplumber, camelot, Apache POI, calamine, xlrd, docx-rs, python-docx, dedoc and odfpy
that other readers open."""
import hashlib, json, os, subprocess, sys, tempfile


def outcomes(binary, folder):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, 'extract', '-o', out, folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        table = {}
        errors = os.path.join(out, '_errors.jsonl')
        if os.path.exists(errors):
            for line in open(errors, encoding='utf-8'):
                row = json.loads(line)
                table[os.path.basename(row['path'])] = ('error:' + row['code'], '')
        for name in os.listdir(out):
            if not name.endswith('.json'):
                continue
            doc = json.load(open(os.path.join(out, name), encoding='utf-8'))
            source = doc.get('source', {})
            for key in ('path',):
                source.pop(key, None)
            digest = hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
            table[name[:-len('.json')]] = ('read:%d' % len(doc.get('actions', [])), digest)
        return table


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, folder, path = sys.argv[1:4]
    now = outcomes(binary, folder)
    if '--check' not in sys.argv[4:]:
        with open(path, 'w', encoding='utf-8') as f:
            f.write('file\toutcome\tdigest\n')
            for name in sorted(now):
                f.write('%s\t%s\t%s\n' % (name, *now[name]))
        print('%d files: %d read' % (len(now), sum(o.startswith('read') for o, _ in now.values())))
        return
    before = {}
    for line in list(open(path, encoding='utf-8'))[1:]:
        name, outcome, digest = line.rstrip('\n').split('\t')
        before[name] = (outcome, digest)
    lost = changed = gained = 0
    for name in sorted(set(before) | set(now)):
        was, is_ = before.get(name, ('absent', '')), now.get(name, ('absent', ''))
        if was == is_:
            continue
        if was[0].startswith('read') and not is_[0].startswith('read'):
            lost += 1
            print('LOST    %s: %s -> %s' % (name, was[0], is_[0]))
        elif was[0].startswith('read'):
            changed += 1
            print('CHANGED %s: %s %s -> %s %s' % (name, *was, *is_))
        elif is_[0].startswith('read'):
            gained += 1
            print('GAINED  %s: %s -> %s' % (name, was[0], is_[0]))
        else:
            print('ERROR   %s: %s -> %s' % (name, was[0], is_[0]))
    print('%d lost, %d changed, %d gained of %d files' % (lost, changed, gained, len(now)))
    sys.exit(1 if lost or changed else 0)


if __name__ == '__main__':
    main()
