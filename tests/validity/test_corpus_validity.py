"""Word-authored-looking templates (tests/fixtures/word_corpus) rendered through the engine add no error:
the rule for third-party templates is "no error the template did not already have" (docs/validity.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.ooxml_gate import assert_word_valid, prefetch
from validity_cases import CORPUS, load_corpus_contexts

from reportgen.charts import BarChart
from reportgen.docx import DocxTemplate, Mm
from reportgen.output.merge import merge_docx

pytestmark = pytest.mark.validator
NAMES = sorted(p.stem for p in CORPUS.glob("*.docx"))
@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, validator: Path) -> dict[str, Path]:
    """Every corpus template rendered once, then validated together with its template in one pool."""
    contexts = load_corpus_contexts()
    out = tmp_path_factory.mktemp("corpus")
    paths = {name: DocxTemplate.load(CORPUS / f"{name}.docx").render_to(out / f"{name}.docx",
                                                                       contexts.context(name))
             for name in NAMES}
    prefetch([*paths.values(), *(CORPUS / f"{name}.docx" for name in NAMES)])
    return paths


def test_the_corpus_covers_what_the_issue_lists():
    assert set(NAMES) == {"paragraph_loop", "numbered_list", "table_rows", "table_columns", "images",
                          "headers_footers", "footnotes", "text_boxes", "fields", "content_controls"}


@pytest.mark.parametrize("name", NAMES)
def test_corpus_template_itself_is_valid(rendered, name):
    """The corpus imitates clean Word output, so the baseline is empty and every finding below is ours."""
    assert_word_valid(CORPUS / f"{name}.docx")


@pytest.mark.parametrize("name", NAMES)
def test_rendered_corpus_template_adds_no_error(rendered, name):
    assert_word_valid(rendered[name], baseline=CORPUS / f"{name}.docx")


def test_merged_print_file_of_the_corpus_is_valid(rendered, tmp_path):
    """One print file of documents bringing numbering, headers/footers with fields, text boxes, fields and
    content controls."""
    merged = merge_docx([rendered[n] for n in ("numbered_list", "headers_footers", "text_boxes", "fields",
                                               "content_controls")], tmp_path / "合并打印.docx")
    assert_word_valid(merged)


def test_merged_print_file_whose_first_document_has_no_numbering_is_valid(rendered, tmp_path):
    """Footnotes first (merge accepts notes only there); its lists come from the second document."""
    merged = merge_docx([rendered["footnotes"], rendered["numbered_list"]], tmp_path / "合并打印.docx")
    assert_word_valid(merged)


def test_chart_in_a_word_authored_template_is_valid(tmp_path):
    chart = BarChart([2018, 2019, 2020], {"脱贫人数": [300, 280, 12.5], "户数": [90, 85, 4]},
                     title="历年脱贫<人数>&", width=Mm(120))
    context = {**load_corpus_contexts().context("headers_footers"), "标题": chart}
    out = DocxTemplate.load(CORPUS / "headers_footers.docx").render_to(tmp_path / "chart.docx", context)
    assert_word_valid(out, baseline=CORPUS / "headers_footers.docx")
