// The console's only script besides htmx: copy buttons, and live regions fed by Server-Sent Events.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const text = button.getAttribute("data-copy");
  const done = () => {
    button.textContent = "copied";
    setTimeout(() => (button.textContent = "copy"), 1500);
  };
  if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => undefined);
  else {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
});

// An element with data-live="/url" is replaced by each "update" event of that stream.
for (const region of document.querySelectorAll("[data-live]")) {
  const source = new EventSource(region.getAttribute("data-live"));
  source.addEventListener("update", (event) => {
    region.innerHTML = event.data;
    if (window.htmx) window.htmx.process(region);
  });
  source.addEventListener("done", () => source.close());
  window.addEventListener("pagehide", () => source.close());
}
