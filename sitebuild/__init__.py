"""Build-time helpers for the castform site: page templating (jinja2 over the notice's
data), the notice page, the rule catalogue, a local static server, and (from the
Pyodide issue) the engine vendoring in `engine.py`."""
