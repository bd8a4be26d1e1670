// Copy a certificate's share link. Without JavaScript the link stays selectable in its field.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const input = document.getElementById(button.dataset.copy);
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  button.setAttribute("data-allow-repeat", "");
  button.addEventListener("click", async () => {
    const label = button.textContent;
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Copied";
    } catch (error) {
      input.select();
      button.textContent = "Press Ctrl+C to copy";
    }
    window.setTimeout(() => { button.textContent = label; }, 2000);
  });
});

// A PDF being prepared: ask its status every few seconds and show the download when it is ready.
// Without JavaScript the message and its "Check again" link stay as they are.
document.querySelectorAll("[data-pdf-status]").forEach((region) => {
  const message = region.querySelector(".pdf-pending__message");
  const check = region.querySelector(".pdf-pending__check");
  let delay = 3000;
  let tries = 0;
  if (message) message.textContent = "Your PDF is being prepared; this page shows the download as soon as it is ready.";
  const poll = async () => {
    tries += 1;
    try {
      const response = await fetch(region.dataset.pdfStatus, {headers: {Accept: "application/json"},
                                                             credentials: "same-origin", cache: "no-store"});
      if (response.ok) {
        const status = await response.json();
        if (status.pdf_ready && status.download_url) {
          const link = document.createElement("a");
          link.className = "button";
          link.href = status.download_url;
          link.textContent = "Download PDF";
          if (message) message.textContent = "Your PDF is ready.";
          if (check) check.replaceWith(link); else region.append(link);
          return;
        }
        if (status.status !== "issued") { window.location.reload(); return; }
      }
    } catch (error) {
      delay = Math.min(delay * 2, 30000);  // offline or the server restarting: ask less often
    }
    if (tries < 100) window.setTimeout(poll, delay);
    else if (message) message.textContent = "Your PDF is taking longer than usual.";
  };
  window.setTimeout(poll, delay);
});
