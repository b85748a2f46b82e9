"""Runs inside Pyodide (sitebuild/run_pyodide.mjs), for tests/test_parity.py: import
every module the served standard library holds, and take the error paths the rules can
reach on hostile input, on the engine the site ships.

    import_every_module.py MODULES.json   → one JSON line: {module: null | "Error: …"}
    import_every_module.py --error-paths  → one JSON line: {path: "ok" | traceback}
"""

import json
import sys
import traceback


def import_all(names):
    import importlib

    failed = {}
    for name in names:
        try:
            importlib.import_module(name)
            failed[name] = None
        except BaseException as error:  # noqa: BLE001 - a report of each, not a stop
            failed[name] = f"{type(error).__name__}: {error}"
    return failed


def error_paths():
    results = {}

    def attempt(label, action):
        try:
            action()
            results[label] = "ok"
        except BaseException:  # noqa: BLE001
            results[label] = traceback.format_exc()

    def decimal_overflow():
        import decimal

        try:
            decimal.Decimal("1e999999") ** 1000
        except decimal.Overflow:
            pass
        try:
            decimal.Decimal("1e9999999999999999999")
        except decimal.InvalidOperation:
            pass

    def json_errors():
        import json as json_module

        for text in ("{", '{"a": 1e99999999}', "[" * 5000 + "]" * 5000, '"\\ud800"'):
            try:
                json_module.loads(text)
            except (ValueError, RecursionError):
                pass

    def toml_error():
        import tomllib

        try:
            tomllib.loads("a = [")
        except tomllib.TOMLDecodeError:
            pass

    def dates_and_text():
        import datetime
        import re
        import unicodedata

        datetime.date.fromisoformat("2021-06-07")
        try:
            datetime.date.fromisoformat("2021-02-30")
        except ValueError:
            pass
        re.compile(r"[\u4e00-\u9fff]+").findall("学会联合体")
        unicodedata.normalize("NFKC", "（１）")

    def resources_and_codecs():
        import importlib.resources

        files = importlib.resources.files("castform")
        assert any(entry.name for entry in files.iterdir())
        for codec in ("utf-8", "utf-8-sig", "utf-16", "utf-32", "gbk", "gb18030", "latin-1", "ascii"):
            "学会 ok".encode(codec, errors="replace").decode(codec, errors="replace")

    def a_traceback():
        try:
            raise ValueError("x")
        except ValueError:
            traceback.format_exc()
        import warnings

        with warnings.catch_warnings(record=True):
            warnings.warn("x", DeprecationWarning, stacklevel=1)

    def an_xlsx_in_memory():
        # What XlsxWriter does with the standard library to write a file.
        import io
        import tempfile
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        with tempfile.TemporaryFile() as spill:
            spill.write(buffer.getvalue())

    for label, action in [
        ("decimal overflow", decimal_overflow),
        ("json errors", json_errors),
        ("toml error", toml_error),
        ("dates and text", dates_and_text),
        ("resources and codecs", resources_and_codecs),
        ("traceback", a_traceback),
        ("xlsx in memory", an_xlsx_in_memory),
    ]:
        attempt(label, action)
    return results


if __name__ == "__main__":
    if sys.argv[1] == "--error-paths":
        print(json.dumps(error_paths()))
    else:
        with open(sys.argv[1], encoding="utf-8") as stream:
            print(json.dumps(import_all(json.load(stream))))
