"""The translations commands count in words: each count in the plural form its number takes in the interface
language asked for (English has two, Russian three), and an error begins with "Error:" in that language too.

The French and Russian words below stand in for the catalogues' (laid over them for these tests), so that the
tests say what the commands do with a language's words whatever the catalogues hold today."""
import io

import pytest
from openpyxl import load_workbook

from questionnaire.texts import source_texts

COUNTED = "texts of a translated file, counted in the summary of its import"
SUMMARY = "%(slug)s version %(version)s, %(language)s: %(changes)s, %(unchanged)s, %(untranslated)s, %(out_of_date)s."
NOTHING_IMPORTED = ("%(num)s problem; nothing was imported.", "%(num)s problems; nothing was imported.")
WORDS = {
    "ru": {(None, SUMMARY): "%(slug)s, версия %(version)s, %(language)s: %(changes)s, %(unchanged)s, "
                            "%(untranslated)s, %(out_of_date)s.",
           (None, ("%(num)s change", "%(num)s changes")): ("%(num)s изменение", "%(num)s изменения",
                                                           "%(num)s изменений"),
           (COUNTED, ("%(num)s unchanged", "%(num)s unchanged")): ("%(num)s текст без изменений",
                                                                    "%(num)s текста без изменений",
                                                                    "%(num)s текстов без изменений"),
           (COUNTED, ("%(num)s left untranslated", "%(num)s left untranslated")): ("%(num)s текст без перевода",
                                                                                    "%(num)s текста без перевода",
                                                                                    "%(num)s текстов без перевода"),
           (COUNTED, ("%(num)s left out of date", "%(num)s left out of date")): ("%(num)s устаревший текст",
                                                                                  "%(num)s устаревших текста",
                                                                                  "%(num)s устаревших текстов"),
           (None, "Error: %(message)s"): "Ошибка: %(message)s",
           (None, NOTHING_IMPORTED): ("%(num)s проблема; ничего не импортировано.",
                                      "%(num)s проблемы; ничего не импортировано.",
                                      "%(num)s проблем; ничего не импортировано.")},
    "fr": {(None, "Error: %(message)s"): "Erreur : %(message)s"},
}


@pytest.fixture
def worded(lay_words):
    """The French and Russian words of the commands laid over the shipped catalogues of ``app``."""
    return lay_words(WORDS)


def _workbook(runner, tmp_path, *, translated: int = 0, unknown_keys: int = 0):
    """The French workbook of the bilingual draft, exported by the command, with its first ``translated`` rows
    given a translation and the keys of its first ``unknown_keys`` rows changed to keys it does not have."""
    path = tmp_path / "fr.xlsx"
    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out", str(path)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2))
    for row in rows[:translated]:
        row[2].value = f"[fr] {row[1].value}"
    for number, row in enumerate(rows[:unknown_keys]):
        row[0].value = f"question.nowhere{number}.text"
    workbook.save(path)
    return path


def _imported(runner, path, *interface):
    return runner.invoke(args=["translations", "import", str(path), "--dry-run", *interface])


@pytest.mark.parametrize(("translated", "changes"), [(1, "1 change"), (3, "3 changes")])
def test_the_import_counts_its_changes_in_english(runner, bilingual, tmp_path, translated, changes):
    texts = len(source_texts(bilingual))
    result = _imported(runner, _workbook(runner, tmp_path, translated=translated))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"bilingual version 1, fr: {changes}, 0 unchanged, {texts - translated} left untranslated, 0 left out of "
        "date. Dry run: nothing was written.")


@pytest.mark.parametrize(("translated", "changes"), [(1, "1 изменение"), (3, "3 изменения"), (5, "5 изменений")])
def test_the_import_counts_its_changes_in_each_russian_plural_form(runner, bilingual, worded, tmp_path, translated,
                                                                   changes):
    result = _imported(runner, _workbook(runner, tmp_path, translated=translated), "--interface-lang", "ru")
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[-1]
    assert summary.startswith(f"bilingual, версия 1, fr: {changes}, 0 текстов без изменений, ")
    assert "0 устаревших текстов." in summary and "change" not in summary


@pytest.mark.parametrize(("interface", "unknown_keys", "said"), [
    ((), 1, "Error: 1 problem; nothing was imported."),
    ((), 2, "Error: 2 problems; nothing was imported."),
    (("--interface-lang", "ru"), 1, "Ошибка: 1 проблема; ничего не импортировано."),
    (("--interface-lang", "ru"), 2, "Ошибка: 2 проблемы; ничего не импортировано."),
    (("--interface-lang", "ru"), 5, "Ошибка: 5 проблем; ничего не импортировано."),
])
def test_a_refused_file_says_how_many_problems_it_has_in_the_interface_language(runner, bilingual, worded, tmp_path,
                                                                               interface, unknown_keys, said):
    result = _imported(runner, _workbook(runner, tmp_path, translated=1, unknown_keys=unknown_keys), *interface)
    assert result.exit_code == 1
    assert result.output.count("question.nowhere") == unknown_keys
    assert result.output.splitlines()[-1] == said


@pytest.mark.parametrize(("interface", "prefix"), [((), "Error: "), (("--interface-lang", "en"), "Error: "),
                                                   (("--interface-lang", "fr"), "Erreur : ")])
def test_an_error_begins_with_error_in_the_interface_language(runner, bilingual, worded, tmp_path, interface, prefix):
    result = runner.invoke(args=["translations", "export", "bilingual", "--lang", "fr", "--out",
                                 str(tmp_path / "fr.po"), *interface])
    assert result.exit_code == 1
    assert result.output.startswith(prefix)
