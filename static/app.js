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
