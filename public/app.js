// Progressive enhancement only: every page works without this file.
// Focus the error summary after a failed submission so screen reader users hear what to fix.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
});

// A print button is hidden until this script can make it print; without JavaScript the browser's own menu prints.
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }
});
