"""castform: the rules of CAST notice 科协学函改字〔2021〕52号 as code.

One implementation of every rule, run by the command line, the tests, the site build and,
on Pyodide, the in-browser checker.
"""

__version__ = "0.1.0"
