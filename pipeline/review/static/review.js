// pipeline review: the page's behaviour, plain JavaScript, no library, no network but
// the review server itself. Every HTML fragment inserted here was rendered and
// sanitized by the server; text from the user is only ever set as textContent/value.
"use strict";

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // -- shared: help and bars ------------------------------------------------------
  function toggleHelp(force) {
    const help = $("#help");
    const show = force === undefined ? help.hidden : force;
    help.hidden = !show;
    $(".help-toggle").setAttribute("aria-expanded", String(show));
  }
  function typing(ev) {
    const t = ev.target;
    return t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.isContentEditable);
  }
  function bars() {
    $$("[data-w]").forEach((el) => { el.style.width = Math.max(0, +el.dataset.w) + "%"; });
  }

  // -- index: sort and filter ---------------------------------------------------------
  function initIndex() {
    const table = $("#articles");
    if (!table) return;
    const body = table.tBodies[0];
    let filter = "all";
    function apply() {
      const text = $("#filter-text").value.trim().toLowerCase();
      let shown = 0;
      $$("tr.article-row", body).forEach((tr) => {
        const ok = (filter === "all" || tr.dataset[filter] === "1") &&
          (!text || tr.dataset.slug.toLowerCase().includes(text));
        tr.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      $(".shown").textContent = shown + " shown";
    }
    $$("[data-filter]").forEach((b) => b.addEventListener("click", () => {
      filter = b.dataset.filter;
      $$("[data-filter]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
      apply();
    }));
    $("#filter-text").addEventListener("input", apply);
    $$("th[data-sort]", table).forEach((th, col) => th.addEventListener("click", () => {
      const asc = th.getAttribute("aria-sort") !== "ascending";
      $$("th", table).forEach((x) => x.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      const key = (tr) => {
        const td = tr.cells[col];
        if (th.dataset.sort === "num") return td && td.dataset.v !== undefined ? +td.dataset.v : -1;
        return td ? td.textContent.trim() : "";
      };
      const rows = $$("tr.article-row", body);
      rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (asc ? 1 : -1));
      rows.forEach((r) => body.appendChild(r));
    }));
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "/" && !typing(ev)) { ev.preventDefault(); $("#filter-text").focus(); }
    });
    apply();
  }

  // -- article: navigation -------------------------------------------------------------
  const state = { units: {}, token: "", editable: false };

  function units(all) {
    return $$(all ? ".unit" : ".unit.needs").filter((u) => u.offsetParent !== null);
  }
  function move(step, all) {
    const list = units(all);
    if (!list.length) return say(all ? "No units." : "Nothing left that needs review.", "ok");
    const here = list.indexOf(document.activeElement.closest && document.activeElement.closest(".unit"));
    let next = here < 0 ? (step > 0 ? 0 : list.length - 1) : here + step;
    next = Math.min(list.length - 1, Math.max(0, next));
    list[next].focus();
    list[next].scrollIntoView({ block: "center" });
  }
  function say(text, kind) {
    const s = $("#status");
    if (!s) return;
    s.textContent = text;
    s.className = "status " + (kind || "");
  }

  // -- article: server calls -----------------------------------------------------------
  async function post(path, data) {
    const res = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Review-Token": state.token },
      body: JSON.stringify(Object.assign({
        slug: document.body.dataset.slug, locale: document.body.dataset.locale,
        base: document.body.dataset.hash,
      }, data)),
    });
    let body = {};
    try { body = await res.json(); } catch (e) { body = { error: "unexpected answer (" + res.status + ")" }; }
    body.status = res.status;
    return body;
  }
  function replaceFragments(fragments) {
    Object.entries(fragments || {}).forEach(([id, html]) => {
      const el = document.getElementById(id);
      if (el) el.outerHTML = html; // server-rendered and sanitized
    });
  }

  // -- article: editing ---------------------------------------------------------------
  function openEditor(row) {
    if (!state.editable) return;
    const open = $(".editor", row);
    if (open) { $("textarea", open).focus(); return; }
    const uid = row.dataset.unit;
    const unit = state.units[uid];
    const ed = document.createElement("div");
    ed.className = "editor";
    ed.innerHTML =
      '<label><span class="preview-label">Translation (Markdown)</span><textarea spellcheck="false"></textarea></label>' +
      '<div class="preview"><span class="preview-label">Preview and checks</span><div class="preview-html"></div><div class="preview-qa"></div></div>' +
      '<div class="bar-actions"><button type="button" class="ed-approve">Approve (Ctrl+Enter)</button>' +
      '<button type="button" class="ed-save">Save as draft (Ctrl+S)</button>' +
      '<button type="button" class="ed-cancel">Cancel (Esc)</button><span class="message" role="alert"></span></div>';
    const area = $("textarea", ed);
    area.value = unit.msgstr || unit.english;
    row.appendChild(ed);
    let timer = null;
    area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => preview(ed, uid), 150); });
    area.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") { ev.preventDefault(); closeEditor(row); }
      else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); submit(row, "approve"); }
      else if (ev.key.toLowerCase() === "s" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); submit(row, "save"); }
    });
    $(".ed-approve", ed).addEventListener("click", () => submit(row, "approve"));
    $(".ed-save", ed).addEventListener("click", () => submit(row, "save"));
    $(".ed-cancel", ed).addEventListener("click", () => closeEditor(row));
    area.focus();
    preview(ed, uid);
  }
  function closeEditor(row) {
    const ed = $(".editor", row);
    if (ed) ed.remove();
    row.focus();
  }
  async function preview(ed, uid) {
    const text = $("textarea", ed).value;
    const res = await post("/api/preview", { unit: state.units[uid].msgid, text: text });
    if (res.status !== 200) { $(".message", ed).textContent = res.error || "preview failed"; return; }
    $(".preview-html", ed).innerHTML = res.html; // sanitized by the server
    $(".preview-qa", ed).innerHTML = res.problems || '<p class="ok">Checks pass.</p>';
  }
  async function submit(row, action, force) {
    const uid = row.dataset.unit;
    const unit = state.units[uid];
    const ed = $(".editor", row);
    const text = action === "reject" ? "" : ed ? $("textarea", ed).value : unit.msgstr;
    const res = await post("/api/save", { unit: unit.msgid, text: text, action: action, force: !!force });
    const msg = ed ? $(".message", ed) : null;
    if (res.status === 200) {
      document.body.dataset.hash = res.hash;
      state.units[uid] = Object.assign(unit, res.unit);
      replaceFragments(res.fragments);
      say(res.message, "ok");
      const again = $(`.unit[data-unit="${uid}"]`);
      if (again) again.focus();
      return;
    }
    if (res.status === 422 && res.needs_force && ed) {
      msg.className = "message error";
      msg.textContent = res.error;
      $(".preview-qa", ed).innerHTML = res.problems || "";
      if (!$(".ed-force", ed)) {
        const b = document.createElement("button");
        b.type = "button"; b.className = "ed-force"; b.textContent = "Approve anyway";
        b.addEventListener("click", () => submit(row, "approve", true));
        $(".bar-actions", ed).insertBefore(b, msg);
      }
      return;
    }
    if (res.status === 409) conflict(row, res);
    else say(res.error || "not saved", "error");
    if (msg) { msg.className = "message error"; msg.textContent = res.error || "not saved"; }
  }
  function conflict(row, res) {
    // Nothing is lost: the editor keeps the reviewer's text; the file's current text is shown.
    say(res.error, "error");
    const ed = $(".editor", row) || (openEditor(row), $(".editor", row));
    if (!ed) return;
    let box = $(".ondisk", ed);
    if (!box) { box = document.createElement("div"); box.className = "ondisk"; ed.insertBefore(box, $(".preview", ed)); }
    box.textContent = "Now on disk: " + (res.current ? (res.current.msgstr || "(empty)") + " [" + res.current.state + "]" : "(this unit is gone)");
    document.body.dataset.hash = res.hash;
    if (res.current) state.units[row.dataset.unit].msgstr = res.current.msgstr;
  }

  function initArticle() {
    if (!document.body.classList.contains("article")) return;
    const data = $("#review-units");
    state.units = data ? JSON.parse(data.textContent) : {};
    const token = $('meta[name="review-token"]');
    state.token = token ? token.content : "";
    state.editable = document.body.dataset.editable === "1";
    document.addEventListener("click", (ev) => {
      const t = ev.target;
      if (!(t instanceof Element)) return;
      const row = t.closest(".unit");
      if (t.closest(".act-edit") && row) openEditor(row);
      else if (t.closest(".act-approve") && row) submit(row, "approve");
      else if (t.closest(".act-reject") && row) rejectTwice(row, t.closest(".act-reject"));
      else if (state.editable && t.closest(".tr[data-unit]") && !t.closest("a")) {
        const block = t.closest(".block");
        const target = $(`.unit[data-unit="${t.closest(".tr").dataset.unit}"]`, block);
        if (target) openEditor(target);
      }
    });
    document.addEventListener("keydown", (ev) => {
      if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const row = document.activeElement && document.activeElement.closest && document.activeElement.closest(".unit");
      const keys = {
        j: () => move(1, false), k: () => move(-1, false), J: () => move(1, true), K: () => move(-1, true),
        e: () => row && openEditor(row), Enter: () => row && openEditor(row),
        a: () => row && state.units[row.dataset.unit].state === "fuzzy" && submit(row, "approve"),
        r: () => row && state.units[row.dataset.unit].msgstr && rejectTwice(row, $(".act-reject", row)),
      };
      if (!state.editable) ["e", "Enter", "a", "r"].forEach((k) => delete keys[k]);
      if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
    });
  }
  function rejectTwice(row, button) {
    if (row.dataset.armed === "1") { row.dataset.armed = ""; submit(row, "reject"); return; }
    row.dataset.armed = "1";
    if (button) button.textContent = "Reject: confirm";
    say("Press r (or the button) again to reject: the translation will be emptied.", "");
    setTimeout(() => { row.dataset.armed = ""; if (button) button.textContent = "Reject"; }, 4000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    bars();
    $(".help-toggle").addEventListener("click", () => toggleHelp());
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "?" && !typing(ev)) toggleHelp();
      else if (ev.key === "Escape" && !$("#help").hidden) toggleHelp(false);
    });
    initIndex();
    initArticle();
  });
})();
