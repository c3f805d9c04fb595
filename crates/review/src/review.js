(function () {
  "use strict";
  // Corrections live in the browser's storage, shared by every page of the report, keyed by
  // document, row and field; «Сохранить» writes them as a corrections file (JSON lines).
  var KEY = "roadmap-review:corrections", WHO = "roadmap-review:reviewer";
  var body = document.body;
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
  }
  var store = load();
  function persist() {
    try { localStorage.setItem(KEY, JSON.stringify(store)); } catch (e) { /* storage off: the file still holds them */ }
    count();
  }
  function keyOf(c) { return c.document + "|" + c.seq + "|" + c.field; }
  // corrections applied before (`roadmap review --corrections`) join the ones made here
  var prior = document.getElementById("prior");
  if (prior) {
    JSON.parse(prior.textContent).forEach(function (c) { if (!(keyOf(c) in store)) store[keyOf(c)] = c; });
    persist();
  }
  function lines() {
    return Object.keys(store).sort().map(function (k) {
      var c = store[k];
      return JSON.stringify({ document: c.document, seq: c.seq, action_sha256: c.action_sha256, field: c.field,
        value: c.value, original: c.original, note: c.note, by: c.by, at: c.at });
    }).join("\n") + (Object.keys(store).length ? "\n" : "");
  }
  function count() {
    var n = Object.keys(store).length, el = document.getElementById("count");
    if (el) el.textContent = "исправлений и отметок: " + n;
  }
  // a page served with an address for its corrections sends them there (its document's
  // only); a page opened from disk saves them as a file
  function send(url) {
    var doc = body.dataset.document, status = document.getElementById("count");
    var mine = lines().split("\n").filter(function (l) { return l && JSON.parse(l).document === doc; });
    fetch(url, { method: "POST", headers: { "Content-Type": "application/x-ndjson" }, body: mine.join("\n") + "\n" })
      .then(function (r) { return r.json().then(function (said) { return [r.ok, said]; }); })
      .then(function (answer) {
        body.dataset.saved = answer[0] ? "yes" : "no";
        if (status) status.textContent = answer[0] ? "сохранено: " + answer[1].kept : "не сохранено: " + (answer[1].detail || "");
      })
      .catch(function (e) { body.dataset.saved = "no"; if (status) status.textContent = "не сохранено: " + e; });
  }
  function save() {
    if (body.dataset.corrections) return send(body.dataset.corrections);
    var blob = new Blob([lines()], { type: "application/x-ndjson" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "corrections.jsonl";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  window.roadmapReview = { corrections: lines, save: save };
  var saveButton = document.getElementById("save");
  if (saveButton) saveButton.addEventListener("click", save);
  var reviewer = document.getElementById("reviewer");
  if (reviewer) {
    reviewer.value = localStorage.getItem(WHO) || "";
    reviewer.addEventListener("change", function () { localStorage.setItem(WHO, reviewer.value); });
  }
  function who() { return localStorage.getItem(WHO) || null; }

  // the index: how many rows of each document are marked
  if (body.classList.contains("index")) {
    Array.prototype.forEach.call(document.querySelectorAll("tr[data-document]"), function (tr) {
      var doc = tr.dataset.document, n = 0;
      Object.keys(store).forEach(function (k) { if (store[k].document === doc) n++; });
      var cell = tr.querySelector(".checked");
      if (cell && n) cell.textContent = n;
    });
    count();
    body.dataset.ready = "yes";
    return;
  }

  var documentId = body.dataset.document;
  var rows = Array.prototype.slice.call(document.querySelectorAll("section.row"));
  var current = -1;
  function record(row, field, value, original, note) {
    var c = { document: documentId, seq: Number(row.dataset.seq), action_sha256: row.dataset.hash, field: field,
      value: value, original: original, note: note || null, by: who(), at: new Date().toISOString() };
    store[keyOf(c)] = c;
    persist();
  }
  function forget(row, field) {
    delete store[documentId + "|" + row.dataset.seq + "|" + field];
    persist();
  }
  function select(i, scroll) {
    if (!rows.length) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (current >= 0) rows[current].classList.remove("current");
    Array.prototype.forEach.call(document.querySelectorAll(".current:not(section)"), function (el) { el.classList.remove("current"); });
    current = i;
    var row = rows[i], seq = row.dataset.seq;
    row.classList.add("current");
    Array.prototype.forEach.call(document.querySelectorAll('[data-seq="' + seq + '"]:not(section)'), function (el) { el.classList.add("current"); });
    Array.prototype.forEach.call(document.querySelectorAll("tr[data-seqs]"), function (tr) {
      if (tr.dataset.seqs.split(" ").indexOf(seq) >= 0) tr.classList.add("current");
    });
    if (scroll !== false) row.scrollIntoView({ block: "center" });
    row.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", "#row-" + seq);
  }
  function mark(verdict) {
    var row = rows[current];
    if (!row) return;
    if (row.dataset.verdict === verdict) {
      row.dataset.verdict = "";
      forget(row, "row");
    } else {
      row.dataset.verdict = verdict;
      record(row, "row", verdict, null, null);
    }
  }
  function edit(field) {
    var value = field.querySelector(".value");
    if (!value || field.querySelector(".edit-box")) return;
    var row = field.closest("section.row");
    var box = document.createElement("div");
    box.className = "edit-box";
    var input = document.createElement("textarea");
    input.rows = field.dataset.field === "action" || field.dataset.field === "result" ? 3 : 1;
    input.value = field.dataset.value;
    var note = document.createElement("input");
    note.className = "note";
    note.placeholder = "примечание (необязательно)";
    box.appendChild(input);
    box.appendChild(note);
    value.style.display = "none";
    field.appendChild(box);
    input.focus();
    function close() { box.remove(); value.style.display = ""; row.focus({ preventScroll: true }); }
    function commit() {
      var text = input.value.trim();
      if (text !== field.dataset.value) {
        record(row, field.dataset.field, text === "" ? null : text, field.dataset.original || null, note.value.trim());
        field.dataset.value = text;
        field.classList.add("corrected");
        value.textContent = text === "" ? "—" : text;
      }
      close();
    }
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); close(); }
      if (e.key === "Enter" && (!e.shiftKey || e.ctrlKey)) { e.preventDefault(); commit(); }
      e.stopPropagation();
    });
  }
  rows.forEach(function (row, i) {
    row.addEventListener("click", function (e) {
      if (e.target.closest(".edit")) { select(i, false); edit(e.target.closest(".field")); return; }
      if (e.target.closest(".marks .right")) { select(i, false); mark("right"); return; }
      if (e.target.closest(".marks .wrong")) { select(i, false); mark("wrong"); return; }
      if (current !== i) select(i, false);
    });
    // marks and edits kept in the storage show again
    var verdict = store[documentId + "|" + row.dataset.seq + "|row"];
    if (verdict) row.dataset.verdict = verdict.value;
    Array.prototype.forEach.call(row.querySelectorAll(".field[data-field]"), function (field) {
      var kept = store[documentId + "|" + row.dataset.seq + "|" + field.dataset.field];
      if (kept && kept.value !== field.dataset.value) {
        field.dataset.value = kept.value || "";
        field.classList.add("corrected");
        field.querySelector(".value").textContent = kept.value || "—";
      }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    var go = function (href) { if (href) location.href = href; };
    switch (e.key) {
      case "j": case "ArrowDown": select(current + 1); break;
      case "k": case "ArrowUp": select(current - 1); break;
      case "n": go(body.dataset.next); break;
      case "p": go(body.dataset.previous); break;
      case "r": mark("right"); break;
      case "w": mark("wrong"); break;
      case "e": if (rows[current]) { var f = rows[current].querySelector('.field[data-field="action"]'); if (f) edit(f); } break;
      case "s": save(); break;
      default: return;
    }
    e.preventDefault();
  });
  var start = 0, hash = location.hash.match(/^#row-(\d+)$/);
  if (hash) rows.forEach(function (row, i) { if (row.dataset.seq === hash[1]) start = i; });
  select(start, Boolean(hash));
  count();
  body.dataset.ready = "yes";
})();
