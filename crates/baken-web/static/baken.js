// Progressive enhancement only: every page works without this file.
// Submit the municipality switcher as soon as a choice is made; the button stays for keyboard and
// no-JavaScript users.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

// A form that came back with errors: move to its error summary, so the messages are seen where the
// form sits further down the page (without JavaScript, a notice at the top links to it).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".baken-error-summary");
  if (summary) {
    summary.focus();
  }
});
