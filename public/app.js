// Progressive enhancement only: every page works without this file.
// Focus the error summary after a failed submission so screen reader users hear what to fix.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
});
