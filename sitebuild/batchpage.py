"""The batch review page's config: its words, from the catalogue (castform/words).

docs/batch.md holds the page's root, `<div id="cf-batch" data-lang=… data-notice=…>`; the
hook (site_src/hooks/castform_pages.py) adds `data-config` to it here, as the checker
page's form carries its page config: JSON in an attribute, read by site_src/checker/
cf-batch.js, never an inline script (the site's policy forbids them). The scripts read
`text` by these keys: the page's own [batch_page], [batch]'s `checks` (the heading the
CLI and the .xlsx use) and the [severity] words, the same as everywhere else.
"""

from __future__ import annotations

import json
import re
from html import escape

from castform.words import words

# The root's opening tag, as Markdown leaves raw HTML: the attribute goes after its id.
ROOT = re.compile(r'(<div\b[^>]*\bid="cf-batch")')


def batch_config(lang: str) -> dict:
    text = dict(words(lang)["batch_page"])
    text["checks"] = words(lang)["batch"]["checks"]
    text["severity"] = dict(words(lang)["severity"])
    return {"text": text}


def with_config(html: str, lang: str) -> str:
    """The page's HTML with the config on its batch root (unchanged without one)."""
    attribute = escape(json.dumps(batch_config(lang), ensure_ascii=False, sort_keys=True), quote=True)
    return ROOT.sub(lambda match: f'{match.group(1)} data-config="{attribute}"', html, count=1)
