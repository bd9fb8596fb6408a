// The page: loads a table (the bundled diabetes data or a CSV), sends it to worker.js and
// draws what comes back. All the fitting happens in the worker; this file only touches the DOM.
const $ = (sel) => document.querySelector(sel);
const form = $("#controls"), status = $("#status"), progress = $("#progress");
const alphaInput = $("#alpha"), alphaOut = $("#alpha-value"), targetSelect = $("#target");

/** The current table: { header: string[], columns: Float64Array[] }, one column per header. */
let table = null;
let worker = null;

function setStatus(text, kind = "") {
  status.textContent = text;
  status.className = kind;
}

// ── data ─────────────────────────────────────────────────────────────────────────────────

async function loadDiabetes() {
  const get = async (f) => {
    const res = await fetch(`/data/diabetes/${f}`);
    if (!res.ok) throw new Error(`could not load /data/diabetes/${f} (${res.status})`);
    return res;
  };
  const meta = await (await get("meta.json")).json();
  const X = new Float64Array(await (await get("X.f64")).arrayBuffer());
  const y = new Float64Array(await (await get("y.f64")).arrayBuffer());
  const columns = meta.feature_names.map((_, j) => Float64Array.from({ length: meta.n }, (_, i) => X[i * meta.p + j]));
  return { header: [...meta.feature_names, "progression"], columns: [...columns, y] };
}

/** A simple CSV: a header row, then numeric cells only. Throws a readable error otherwise. */
export function parseCSV(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) throw new Error("the CSV needs a header row and at least one data row");
  const unquote = (s) => s.trim().replace(/^"(.*)"$/, "$1");
  const header = lines[0].split(",").map(unquote);
  if (header.length < 2) throw new Error("the CSV needs at least two columns (features and a target)");
  const columns = header.map(() => new Float64Array(lines.length - 1));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(",");
    if (cells.length !== header.length) {
      throw new Error(`line ${i + 1} has ${cells.length} cells, the header has ${header.length}`);
    }
    cells.forEach((cell, j) => {
      const s = unquote(cell);
      const v = s === "" ? NaN : Number(s);
      if (!Number.isFinite(v)) {
        throw new Error(`line ${i + 1}, column "${header[j]}": ${JSON.stringify(s)} is not a number (only numeric cells are supported)`);
      }
      columns[j][i - 1] = v;
    });
  }
  return { header, columns };
}

function useTable(t) {
  table = t;
  targetSelect.replaceChildren(...t.header.map((h, j) => new Option(h, String(j))));
  targetSelect.value = String(t.header.length - 1); // the last column by default
  setStatus(`Loaded ${t.columns[0].length} rows × ${t.header.length} columns. Press Fit.`);
}

async function loadSource() {
  const source = form.elements.source.value;
  table = null;
  targetSelect.replaceChildren();
  try {
    if (source === "diabetes") {
      useTable(await loadDiabetes());
    } else {
      const file = $("#file").files[0];
      if (!file) return setStatus("Choose a CSV file.");
      useTable(parseCSV(await file.text()));
    }
  } catch (e) {
    setStatus(`Could not load the data: ${e.message}`, "error");
  }
}

// ── controls ─────────────────────────────────────────────────────────────────────────────

function syncAlpha() {
  const model = form.elements.model.value;
  if (model === "lasso") alphaInput.value = "1";
  if (model === "ridge") alphaInput.value = "0";
  alphaInput.disabled = model === "lasso" || model === "ridge";
  alphaOut.value = Number(alphaInput.value).toFixed(2);
}

form.addEventListener("change", (e) => {
  if (e.target.name === "source" || e.target.id === "file") {
    if (e.target.id === "file") form.elements.source.value = "csv";
    loadSource();
  }
  if (e.target.name === "model") syncAlpha();
});
alphaInput.addEventListener("input", syncAlpha);

// ── fitting (in the worker) ──────────────────────────────────────────────────────────────

form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (!table) return setStatus("Load some data first.", "error");
  const t = Number(targetSelect.value);
  const features = table.header.map((_, j) => j).filter((j) => j !== t);
  const n = table.columns[0].length, p = features.length;
  const X = new Float64Array(n * p); // row-major
  features.forEach((j, k) => table.columns[j].forEach((v, i) => { X[i * p + k] = v; }));
  const y = table.columns[t].slice();

  worker?.terminate(); // a new fit replaces one still running
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (m) => show(m.data);
  worker.onerror = (err) => setStatus(`Worker error: ${err.message}`, "error");
  for (const id of ["#path-plot .plot", "#cv-plot .plot"]) $(id).replaceChildren();
  for (const part of ["thead", "tbody", "tfoot"]) $(`#coef-table ${part}`).replaceChildren();
  progress.value = 0;
  setStatus("Fitting…", "busy");
  $("#run").disabled = true;
  worker.postMessage({
    model: form.elements.model.value, alpha: Number(alphaInput.value),
    names: features.map((j) => table.header[j]), n, p, X, y,
  }, [X.buffer, y.buffer]);
});

/** One message from the worker: progress, a plot, the coefficient table, done or an error. */
function show(msg) {
  switch (msg.type) {
    case "progress":
      progress.value = msg.fraction;
      setStatus(msg.text, "busy");
      break;
    case "path":
      $("#path-plot .plot").innerHTML = msg.svg;
      $("#path-plot figcaption").textContent = msg.caption;
      break;
    case "cv":
      $("#cv-plot .plot").innerHTML = msg.svg;
      $("#cv-plot figcaption").textContent = msg.caption;
      break;
    case "table":
      renderTable(msg);
      break;
    case "done":
      progress.value = 1;
      setStatus(msg.text, "ok");
      $("#run").disabled = false;
      break;
    case "error":
      setStatus(msg.text, "error");
      $("#run").disabled = false;
      break;
  }
}

function renderTable({ columns, rows, intercept }) {
  const fmt = (v) => (v === 0 ? "0" : v.toPrecision(4));
  const row = (cells, tag = "td") => {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const cell = document.createElement(tag);
      cell.textContent = typeof c === "number" ? fmt(c) : c;
      if (c === 0) cell.className = "zero";
      tr.append(cell);
    }
    return tr;
  };
  $("#coef-table thead").replaceChildren(row(["feature", ...columns], "th"));
  $("#coef-table tbody").replaceChildren(...rows.map((r) => row([r.name, ...r.values])));
  $("#coef-table tfoot").replaceChildren(row(["(intercept)", ...intercept]));
}

syncAlpha();
loadSource();
