"use strict";
// The web app: upload by drag and drop (with progress), the jobs and their files, the stored
// documents with what needs a look. Plain script over the service's own API.
const $ = (id) => document.getElementById(id);
const text = (value) => (value === null || value === undefined ? "" : String(value));
const cell = (row, content, cls) => {
  const td = row.insertCell();
  if (content instanceof Node) td.append(content); else td.textContent = text(content);
  if (cls) td.className = cls;
  return td;
};
const link = (href, label) => { const a = document.createElement("a"); a.href = href; a.textContent = label; return a; };
const KINDS = { order: "приказ", directive: "распоряжение", resolution: "постановление", law: "закон", decree: "указ", decision: "решение", plan: "план" };
let watching = new Set();

function upload(files) {
  if (!files.length) return;
  const form = new FormData();
  for (const f of files) form.append("file", f, f.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/v1/jobs");
  $("progress").hidden = false;
  $("bar").value = 0;
  $("progress-text").textContent = "0%";
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) {
      const p = Math.round((100 * e.loaded) / e.total);
      $("bar").value = p;
      $("progress-text").textContent = p + "%";
    }
  };
  xhr.onload = () => {
    $("progress").hidden = true;
    let body = {};
    try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
    if (xhr.status === 202) {
      $("message").textContent = "Принято файлов: " + body.total + ". Документы появятся ниже, когда будут прочитаны.";
      watching.add(body.id);
      refresh();
    } else {
      $("message").textContent = "Не принято: " + (body.detail || xhr.statusText) + (body.code ? " (" + body.code + ")" : "");
    }
  };
  xhr.onerror = () => { $("progress").hidden = true; $("message").textContent = "Загрузка прервана."; };
  xhr.send(form);
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  if (!r.ok) throw new Error(url + ": " + r.status);
  return r.json();
}

async function refreshJobs() {
  const jobs = await getJSON("/v1/jobs?limit=10");
  const body = $("jobs").tBodies[0];
  body.replaceChildren();
  $("jobs-section").hidden = jobs.length === 0;
  for (const job of jobs) {
    const view = await getJSON("/v1/jobs/" + job.id);
    const row = body.insertRow();
    row.dataset.job = job.id;
    cell(row, new Date(job.created_at).toLocaleString("ru-RU"));
    const state = job.state === "active" ? (job.queued === job.total ? "в очереди" : "читается") : job.state === "cancelled" ? "отменена" : "готово";
    cell(row, state + " (" + (job.total - job.queued) + "/" + job.total + ")", job.state === "active" ? "" : "ok");
    cell(row, view.files.map((f) => f.name).join(", "));
    const failed = view.files.filter((f) => f.state === "failed").map((f) => f.name + ": " + f.code);
    cell(row, failed.join("; "), failed.length ? "failed" : "");
    if (job.state !== "active") watching.delete(job.id);
  }
}

async function refreshDocuments() {
  const docs = await getJSON("/v1/documents");
  const only = $("filter").value;
  const body = $("documents").tBodies[0];
  body.replaceChildren();
  $("count").textContent = "(" + docs.length + ")";
  for (const d of docs) {
    if (only === "review" && !d.needs_review) continue;
    const row = body.insertRow();
    row.dataset.key = d.document_key;
    cell(row, link(d.page_url, d.name));
    cell(row, d.region || "—");
    cell(row, [KINDS[d.kind] || d.kind, d.number ? "№ " + d.number : "", d.date ? "от " + d.date : ""].filter(Boolean).join(" "));
    cell(row, d.actions);
    if (d.needs_review) {
      const td = cell(row, "требует внимания", "review");
      const codes = document.createElement("div");
      codes.className = "codes";
      codes.textContent = d.warnings.length ? d.warnings.join(", ") : "нет мероприятий";
      td.append(codes);
    } else {
      cell(row, "в порядке", "ok");
    }
    cell(row, link(d.json_url, "JSON"));
  }
}

async function refresh() {
  try {
    await refreshJobs();
    await refreshDocuments();
  } catch (e) {
    $("message").textContent = "Сервис не отвечает: " + e.message;
  }
}

const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files); });
$("files").addEventListener("change", (e) => upload(e.target.files));
$("filter").addEventListener("change", refreshDocuments);
refresh();
setInterval(() => { if (watching.size) refresh(); }, 1000);
setInterval(refresh, 10000);
