// handlingsplan serve: keeps the page in step with the plan on disk. Listens to the server's
// events, fetches the state, and swaps the document in a second frame loaded behind the
// first, so the page is never blank and the scroll position stays.
"use strict";
(function () {
  const frames = document.getElementById("dokument");
  const diagnostics = document.getElementById("diagnostikk");
  const statusLine = document.getElementById("status");
  const title = document.getElementById("tittel");
  const summary = document.getElementById("sammendrag");
  const summaryNote = document.getElementById("sammendrag-gjelder");
  const downloads = document.getElementById("nedlastinger");
  const tabs = Array.from(document.querySelectorAll(".tabs button"));
  const names = { plan: "Handlingsplanen", kommunikasjonsplan: "Kommunikasjonsplanen" };

  let docVersion = Number(document.body.dataset.dokument) || 0;
  let shown = "plan";
  let loading = null;
  let afterLoad = null;
  const scroll = { plan: 0, kommunikasjonsplan: 0 };

  function current() {
    return frames.querySelector("iframe.current");
  }

  function remember() {
    const f = current();
    if (!f) return;
    try {
      scroll[f.dataset.doc] = f.contentWindow.scrollY;
    } catch (e) { /* not loaded yet */ }
  }

  // Loads a document into a hidden frame; shows it when it has loaded, at the kept position.
  function load(doc) {
    remember();
    if (loading) loading.remove();
    const f = document.createElement("iframe");
    f.className = "doc next";
    f.title = names[doc];
    f.dataset.doc = doc;
    f.dataset.version = String(docVersion);
    f.setAttribute("aria-hidden", "true");
    f.addEventListener("load", function () {
      if (loading !== f) return;
      try {
        f.contentWindow.scrollTo(0, scroll[doc]);
      } catch (e) { /* ignore */ }
      loading = null;
      const old = current();
      f.classList.remove("next");
      f.classList.add("current");
      f.removeAttribute("aria-hidden");
      if (old) old.remove();
      document.body.dataset.vist = doc + ":" + f.dataset.version;
      if (afterLoad) {
        const then = afterLoad;
        afterLoad = null;
        then();
      }
    });
    loading = f;
    f.src = "/dokument/" + doc + "?v=" + docVersion;
    frames.appendChild(f);
  }

  function choose(doc) {
    if (doc === shown && !loading) return;
    shown = doc;
    tabs.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.doc === doc));
    });
    load(doc);
  }

  tabs.forEach(function (b) {
    b.addEventListener("click", function () {
      choose(b.dataset.doc);
    });
  });

  function showGap(id) {
    const f = current();
    let el = null;
    try {
      el = f.contentDocument.getElementById(id);
    } catch (e) { /* ignore */ }
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.style.outline = "3px solid #a4000f";
    el.style.outlineOffset = "2px";
    el.setAttribute("tabindex", "-1");
    f.focus();
    el.focus();
  }

  diagnostics.addEventListener("click", function (e) {
    const a = e.target.closest("a[data-gap]");
    if (!a) return;
    e.preventDefault();
    const id = a.dataset.gap;
    if (shown !== "plan") {
      afterLoad = function () { showGap(id); };
      choose("plan");
    } else {
      showGap(id);
    }
  });

  function clock() {
    return new Date().toLocaleTimeString("nb-NO");
  }

  let fetching = false;
  let again = false;
  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const response = await fetch("/tilstand", { cache: "no-store" });
      apply(await response.json());
    } catch (e) {
      statusLine.textContent = "Fikk ikke kontakt med serveren (" + clock() + ")";
    } finally {
      fetching = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  function apply(s) {
    title.textContent = s.tittel;
    document.title = "Forhåndsvisning – " + s.tittel;
    statusLine.textContent = s.status + " – oppdatert " + clock();
    document.body.classList.toggle("has-errors", !s.gyldig);
    const open = diagnostics.querySelector("details[open]") !== null;
    diagnostics.innerHTML = s.diagnostikk;
    diagnostics.hidden = s.diagnostikk === "";
    if (open) {
      const d = diagnostics.querySelector("details");
      if (d) d.open = true;
    }
    summary.textContent = s.sammendrag || "Ingen gyldig versjon ennå.";
    summaryNote.textContent = s.sammendragGjelder;
    downloads.innerHTML = s.nedlastinger;
    const comm = tabs.find(function (b) { return b.dataset.doc === "kommunikasjonsplan"; });
    comm.hidden = !s.kommunikasjonsplan;
    if (!s.kommunikasjonsplan && shown === "kommunikasjonsplan") shown = "plan";
    document.body.dataset.versjon = String(s.versjon);
    if (s.dokument !== docVersion || (current() && current().dataset.doc !== shown)) {
      docVersion = s.dokument;
      load(shown);
    }
  }

  const events = new EventSource("/hendelser");
  events.onmessage = refresh;
  events.onerror = function () {
    statusLine.textContent = "Mistet forbindelsen til serveren; prøver igjen … (" + clock() + ")";
  };
})();
