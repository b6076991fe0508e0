"""Traditional-script output through the docx engine (values always; template text on request)."""

from __future__ import annotations

from helpers.docx_builders import reopen, texts

from reportgen.docx import DocxTemplate

SENTENCE = "建档立卡贫困户2751户，贫困人口8072人，贫困发生率22.6%"


def test_values_are_converted_numbers_and_wenhao_kept(make_docx):
    template = make_docx("总结：{{ 句子 }}", "文号：{{ 文号 }}")
    out = reopen(DocxTemplate.load(template, script="traditional").render(
        {"句子": SENTENCE, "文号": "青乡振发〔2024〕10号"}))
    body = texts(out)
    assert "總結：建檔立卡貧困戶2751戶，貧困人口8072人，貧困發生率22.6%" not in body  # template text kept
    assert "总结：建檔立卡貧困戶2751戶，貧困人口8072人，貧困發生率22.6%" in body
    assert "文号：青鄉振發〔2024〕10號" in body


def test_template_text_converted_when_asked(make_docx):
    template = make_docx("总结：{{ 句子 }}")
    out = reopen(DocxTemplate.load(template, script="tw", convert_template_text=True).render({"句子": SENTENCE}))
    assert texts(out)[0] == "總結：建檔立卡貧困戶2751戶，貧困人口8072人，貧困發生率22.6%"
