// reportgen web page: drag and drop, auto-submit on file choice, confirmations, progress polling.
// Plain JavaScript, no libraries, no network other than this server.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-autosubmit]").forEach((input) => {
    input.addEventListener("change", () => input.form.submit());
  });
  document.querySelectorAll("[data-confirm]").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("[data-dropzone]").forEach((zone) => {
    const input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    }));
    ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("over")));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      zone.classList.add("busy");
      zone.submit();
    });
    zone.addEventListener("submit", () => zone.classList.add("busy"));
  });
  const progress = document.querySelector("[data-progress]");
  if (progress && progress.dataset.progress) poll(progress);
});

function poll(box) {
  const bar = box.querySelector("progress");
  const percent = box.querySelector(".percent");
  const message = box.querySelector(".message");
  const tick = () => fetch(box.dataset.progress, {credentials: "same-origin", cache: "no-store"})
    .then((response) => response.json())
    .then((status) => {
      bar.value = status.percent || 0;
      percent.textContent = (status.percent || 0) + "%";
      message.textContent = status.message || "";
      if (status.state === "running") window.setTimeout(tick, 600);
      else window.location.reload();
    })
    .catch(() => window.setTimeout(tick, 2000));
  tick();
}
