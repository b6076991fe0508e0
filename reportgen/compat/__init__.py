"""Drop-in APIs of other tools on reportgen's engine: ``reportgen.compat.docxtpl`` for docxtpl scripts.

Only the import changes::

    from reportgen.compat.docxtpl import DocxTemplate, RichText, InlineImage
"""

from reportgen.compat import docxtpl

__all__ = ["docxtpl"]
