// Enhancements only: every page works without this file.
// 1. Picking a suggested person fills the actor field and applies the filter
//    (keeping the other filters), instead of following the plain link.
// 2. The copy-link button copies the permalink.
document.addEventListener("click", (event) => {
  const suggestion = event.target.closest("a.suggestion");
  if (suggestion) {
    const input = document.getElementById("f-actor");
    const form = document.getElementById("filters");
    if (input && form) {
      event.preventDefault();
      const names = input.value.split(",").map((s) => s.trim()).filter(Boolean);
      names.pop();
      names.push(suggestion.dataset.name);
      input.value = names.join(",");
      document.getElementById("actor-suggestions").replaceChildren();
      form.requestSubmit();
    }
    return;
  }
  const copy = event.target.closest("button.copy-link");
  if (copy) {
    navigator.clipboard.writeText(copy.dataset.url).then(() => {
      copy.textContent = copy.dataset.done;
    });
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    const box = document.getElementById("actor-suggestions");
    if (box) box.replaceChildren();
  }
});
// 3. The drawn timeline: a click on a month, or a drag across months,
//    narrows the view to them (the year labels are plain links).
(() => {
  let start = null;
  const monthAt = (event) => {
    const hit = document.elementFromPoint(event.clientX, event.clientY);
    return hit ? hit.closest("svg.chart g.m") : null;
  };
  const mark = (from, to) => {
    for (const g of document.querySelectorAll("svg.chart g.m")) {
      g.classList.toggle("chosen", !!from && g.dataset.from >= from && g.dataset.from <= to);
    }
  };
  const span = (a, b) => (a.dataset.from <= b.dataset.from ? [a.dataset.from, b.dataset.to] : [b.dataset.from, a.dataset.to]);
  document.addEventListener("pointerdown", (event) => {
    start = monthAt(event);
    if (start) event.preventDefault();
  });
  document.addEventListener("pointermove", (event) => {
    const here = start && monthAt(event);
    if (here) mark(...span(start, here));
  });
  document.addEventListener("pointerup", (event) => {
    const end = start && monthAt(event);
    if (start && end) {
      const [from, to] = span(start, end);
      const url = new URL(window.location.href);
      url.searchParams.set("from", from);
      url.searchParams.set("to", to);
      url.searchParams.delete("cursor");
      window.location.assign(url.pathname + url.search);
    }
    start = null;
    mark(null, null);
  });
})();
