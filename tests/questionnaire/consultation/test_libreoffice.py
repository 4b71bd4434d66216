"""A real word processor opens the meeting documents: LibreOffice converts the compilation and the revised
draft showing changes to PDF, and to plain text whose content is read back."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from questionnaire.consultation.changes import changes_file
from questionnaire.consultation.comparing import compare_revisions
from questionnaire.consultation.compilation import compilation_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer"),
]


def _convert(tmp_path, target: str, *sources) -> None:
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(tmp_path / "out"), *map(str, sources)],
        check=True, capture_output=True, timeout=180,
    )


def test_libreoffice_converts_the_compilation_and_the_changes_to_pdf_with_their_content(app, db, revised, tmp_path):
    compilation, changes = tmp_path / "compilation.docx", tmp_path / "changes.docx"
    with app.app_context():  # as the command runs them
        compilation.write_bytes(compilation_file(db, revised["consultation"], "docx", "en")[0])
        changes.write_bytes(changes_file(compare_revisions(db, revised["questionnaire"], 1, 2), "docx", "fr")[0])
    _convert(tmp_path, "pdf", compilation, changes)
    for name in ("compilation.pdf", "changes.pdf"):
        pdf = (tmp_path / "out" / name).read_bytes()
        assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1, name
    _convert(tmp_path, "txt:Text (encoded):UTF8", compilation, changes)
    text = (tmp_path / "out" / "compilation.txt").read_text(encoding="utf-8-sig")
    assert "Compilation of comments and proposals on CTOC/COP/WG.7/2017/2" in text
    assert "Mexico — New wording" in text and "Supported by Nigeria" in text and "Shorter." in text
    text = (tmp_path / "out" / "changes.txt").read_text(encoding="utf-8-sig")
    assert "CTOC/COP/WG.7/2017/2/Rev.1" in text and "Indications" in text  # the French labels
    assert "criminal offence?" in text and "Which authority?" in text
