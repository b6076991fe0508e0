"""Word (.docx) templates: Jinja tags typed in Word, compiled once, rendered many times.

Public API::

    from reportgen.docx import DocxTemplate, RichText, InlineImage, Mm, Cm
    tpl = DocxTemplate.load("责任书.docx")
    tpl.render_to("out/城关镇.docx", {"乡镇": "城关镇", ...})
"""

from reportgen.docx.include import Include
from reportgen.docx.jinja_extras import JinjaExtras
from reportgen.docx.rich import Cm, Hyperlink, InlineImage, Length, Mm, PageBreak, RichText, picture_run
from reportgen.docx.runtime import DocxWarning, EmitContext, RichValue
from reportgen.docx.template import DocxTemplate, check_template

__all__ = ["Cm", "DocxTemplate", "DocxWarning", "EmitContext", "Hyperlink", "Include", "InlineImage", "JinjaExtras",
           "Length", "Mm", "PageBreak", "RichText", "RichValue", "check_template", "picture_run"]
