// Progressive enhancement only: every page works without this file.
// Submit the municipality switcher as soon as a choice is made; the button stays for keyboard and
// no-JavaScript users.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});
