"""docxtpl's paragraph merging: ``{%-`` joins a tag to the text before it, ``-%}`` to the text after it.

docxtpl cuts its XML *string* from the end of the previous ``w:t`` up to ``{%-``, and from ``-%}`` up to
the start of the next ``w:t``: typed on lines of their own, ``located`` / ``{%- if town -%}`` / `` in town``
become one paragraph. The same cut is made here on the *tree*, before tags are compiled, so it can only
produce well-formed XML: the two ends must sit at the same depth (both in runs of paragraphs of the same
container, say); otherwise the ``-`` is ignored. Like docxtpl, text between the cut's ends is dropped
(text typed before ``{%-`` in the same run, or after ``-%}``).
"""

from __future__ import annotations

from lxml import etree

from reportgen.docx.tokenizer import tokenize
from reportgen.ooxml.namespaces import W_P, W_T, XML_SPACE


def has_merge_tags(root: etree._Element) -> bool:
    """Cheap test before the real pass: does any paragraph text hold ``{%-`` or ``-%}``?"""
    text = "".join(t.text or "" for t in root.iter(W_T))
    return "{%-" in text or "-%}" in text


def merge_paragraph_tags(root: etree._Element) -> None:
    """Apply every ``{%-`` (first, all of them, as docxtpl does) and then every ``-%}``."""
    for left in (True, False):
        while _merge_one(root, left):
            pass


def _merge_one(root: etree._Element, left: bool) -> bool:
    """Find the first unmerged tag of the given side, cut, and report whether one was found."""
    texts = [t for t in root.iter(W_T) if next(t.iterancestors(W_P), None) is not None]
    by_paragraph: dict[etree._Element, list[etree._Element]] = {}
    for t in texts:
        by_paragraph.setdefault(next(t.iterancestors(W_P)), []).append(t)
    for paragraph_texts in by_paragraph.values():
        text = "".join(t.text or "" for t in paragraph_texts)
        if ("{%-" if left else "-%}") not in text:
            continue
        for tag in tokenize(text)[0]:
            if tag.kind != "stmt" or not (tag.raw.startswith("{%-") if left else tag.raw.endswith("-%}")):
                continue
            if left:
                _delete_char(paragraph_texts, tag.start + 2)  # {%- → {% : never found again
                b, b_offset = _locate(paragraph_texts, tag.start)
                index = texts.index(b)
                if index > 0:
                    previous = texts[index - 1]
                    _join(previous, len(previous.text or ""), b, b_offset)
            else:
                _delete_char(paragraph_texts, tag.end - 3)  # -%} → %}
                a, a_offset = _locate(paragraph_texts, tag.end - 2)
                after = (a.text or "")[a_offset + 1 :]
                index = texts.index(a)
                if "{%" not in after and "{{" not in after and index + 1 < len(texts):
                    _join(a, a_offset + 1, texts[index + 1], 0)
            return True
    return False


def _locate(texts: list[etree._Element], offset: int) -> tuple[etree._Element, int]:
    """The ``w:t`` holding character ``offset`` of the paragraph text, and the offset inside it."""
    pos = 0
    for t in texts:
        length = len(t.text or "")
        if offset < pos + length:
            return t, offset - pos
        pos += length
    return texts[-1], len(texts[-1].text or "")


def _delete_char(texts: list[etree._Element], offset: int) -> None:
    t, local = _locate(texts, offset)
    t.text = (t.text or "")[:local] + (t.text or "")[local + 1 :]


def _join(a: etree._Element, a_offset: int, b: etree._Element, b_offset: int) -> bool:
    """Delete everything from ``a``'s text at ``a_offset`` to ``b``'s text at ``b_offset`` (document order,
    ``a`` before ``b``), keeping the tree well-formed: what follows ``b`` at each level moves after ``a``."""
    up_a = [a, *a.iterancestors()]
    ancestors_b = set(b.iterancestors())
    common = next(e for e in up_a if e in ancestors_b)
    up_a = up_a[: up_a.index(common)]
    up_b = [b, *b.iterancestors()]
    up_b = up_b[: up_b.index(common)]
    if [e.tag for e in up_a] != [e.tag for e in up_b]:
        return False  # different depths: docxtpl would write broken XML; leave the paragraphs as they are
    a.text = (a.text or "")[:a_offset] + (b.text or "")[b_offset:]
    a.set(XML_SPACE, "preserve")
    for level in range(1, len(up_a)):
        for sibling in list(up_a[level - 1].itersiblings()):
            up_a[level].remove(sibling)
        for sibling in list(up_b[level - 1].itersiblings()):
            up_a[level].append(sibling)
    for sibling in list(up_a[-1].itersiblings()):
        common.remove(sibling)
        if sibling is up_b[-1]:
            break
    return True
