"""The parts of bench/checker_bench.py, so that the bench itself reads like the tests:

- server.py: the built site and the bare page served from one local server that logs
  every request with its bytes, under the caching modes of the hosts we compare;
- browser.py: Debian's Chromium driven by Playwright, an init script that records long
  tasks, animation frames and every check result from the DOM, and the page loads;
- workloads.py: the big applications and what the bench does on the checker page —
  through the DOM only (the file input, the fields' data-path, #cf-app[data-checked]),
  so that the page's own scripts can be rewritten without breaking the bench;
- longtasks.py: who each long task belongs to (the theme, the checker, rendering);
- report.py: percentiles, the table and its verdicts;
- paper.py: the documents' downloads, the batch page's review and the CLI's export and
  summary, each timed (bench/documents_bench.py; the browser tests use them too).
"""
