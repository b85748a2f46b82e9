"""The rules, one module per part of the notice. Import order is catalogue order."""
# ruff: noqa: I001  (the order of these imports is the order of the rule catalogue)

from .. import intake  # noqa: F401  (registers the input.* rules first)
from . import completeness, applicant, project, budget, spending, reference, deadline, submission  # noqa: F401
