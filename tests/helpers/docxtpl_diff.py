"""Templates written in code for the docxtpl differential tests (tests/compat), and what they compare of a .docx:
visible text per part, table shapes (rows, gridSpan, vMerge), pictures, links, run formatting, Word
comments and core properties."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import docx
import docxtpl
from docx.shared import Mm
from lxml import etree

import reportgen.compat.docxtpl as compat

from .docx_builders import raw_paragraph, to_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def png(width: int = 4, height: int = 2, colour: bytes = b"\xff\x00\x00") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + colour * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# -- rendering the same template and script with both ------------------------------------------------------
@dataclass
class Both:
    theirs: bytes
    ours: bytes


def render_both(template: bytes, make_context: Callable[[Any, Any], dict], *, jinja_env_factory=None,
                script: Callable[[Any], None] | None = None) -> Both:
    """Run the same docxtpl script with docxtpl and with reportgen.compat.docxtpl (``api`` is the module,
    so the script only differs by its import), and return both saved documents."""
    outputs = []
    for api in (docxtpl, compat):
        tpl = api.DocxTemplate(io.BytesIO(template))
        if script is not None:
            script(tpl)
        env = jinja_env_factory() if jinja_env_factory else None
        # docxtpl needs autoescape=True not to break on < and & in data; reportgen always escapes
        tpl.render(make_context(api, tpl), env, autoescape=api is docxtpl)
        buffer = io.BytesIO()
        tpl.save(buffer)
        outputs.append(buffer.getvalue())
    return Both(*outputs)


# -- what is compared -------------------------------------------------------------------------------------------
def _parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name}


def _paragraph_text(p: etree._Element) -> str:
    out = []
    for node in p.iter(w("t"), w("br"), w("tab"), w("cr")):
        if next(node.iterancestors(w("p"))) is not p:
            continue
        out.append(node.text or "" if node.tag == w("t") else "\t" if node.tag == w("tab") else "\n")
    return "".join(out)


def visible_text(data: bytes) -> dict[str, list[str]]:
    """Paragraph texts of the body, each header/footer and the comments, in document order."""
    parts = _parts(data)
    return {name: [_paragraph_text(p) for p in root.iter(w("p"))] for name, root in parts.items()
            if name.rsplit("/", 1)[-1].startswith(("document", "header", "footer", "comments"))}


def table_shapes(data: bytes) -> list[dict]:
    body = _parts(data)["word/document.xml"]
    shapes = []
    for table in body.iter(w("tbl")):
        rows = []
        for row in table.findall(w("tr")):
            cells = []
            for cell in row.findall(w("tc")):
                span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
                merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
                fill = cell.find(f"{w('tcPr')}/{w('shd')}")
                cells.append(("".join(_paragraph_text(p) for p in cell.findall(w("p"))),
                              int(span.get(w("val"))) if span is not None else 1,
                              None if merge is None else merge.get(w("val"), "continue"),
                              None if fill is None else fill.get(w("fill"))))
            rows.append(cells)
        shapes.append({"grid": len(table.findall(f"{w('tblGrid')}/{w('gridCol')}")), "rows": rows})
    return shapes


def pictures(data: bytes) -> list[tuple]:
    """(part, cx, cy, sha1 of the picture, linked URL) for every inline picture."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name, root in _parts(data).items():
            rels = _rels(archive, name)
            for inline in root.iter(f"{{{WP}}}inline"):
                extent = inline.find(f"{{{WP}}}extent")
                blip = next(inline.iter(f"{{{A}}}blip"))
                target = rels[blip.get(f"{{{R}}}embed")][0]
                click = next(inline.iter(f"{{{A}}}hlinkClick"), None)
                link = rels[click.get(f"{{{R}}}id")][0] if click is not None else None
                media = archive.read("word/" + target.lstrip("/").removeprefix("word/"))
                out.append((name, int(extent.get("cx")), int(extent.get("cy")),
                            hashlib.sha1(media).hexdigest()[:10], link))
    return out


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, _, base = part.rpartition("/")
    name = f"{folder}/_rels/{base}.rels"
    if name not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read(name))
    return {r.get("Id"): (r.get("Target"), r.get("TargetMode", "")) for r in root}


def links(data: bytes) -> list[tuple[str, str]]:
    """(text, URL) of every hyperlink of the body."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = _rels(archive, "word/document.xml")
    body = _parts(data)["word/document.xml"]
    return [("".join(t.text or "" for t in h.iter(w("t"))), rels[h.get(f"{{{R}}}id")][0])
            for h in body.iter(w("hyperlink"))]


def run_formats(data: bytes) -> list[tuple[str, frozenset]]:
    """(text, formatting) of every run with text and direct formatting in the body."""
    out = []
    for run in _parts(data)["word/document.xml"].iter(w("r")):
        text = "".join(t.text or "" for t in run.findall(w("t")))
        rpr = run.find(w("rPr"))
        if not text or rpr is None or len(rpr) == 0:
            continue
        keys = frozenset((etree.QName(c).localname, c.get(w("fill")) or c.get(w("val")) or c.get(w("ascii")))
                         for c in rpr)
        out.append((text, keys))
    return out


def core_properties(data: bytes) -> dict[str, str]:
    props = docx.Document(io.BytesIO(data)).core_properties
    return {name: getattr(props, name) for name in ("title", "subject", "author", "comments", "language")}


# -- the template with every docxtpl feature ---------------------------------------------------------------------
def build_full_template(picture: bytes) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "{{ company }} · {{ title|shout }}"
    section.footer.paragraphs[0].text = "{# footer note #}页脚 {{ year }}"
    props = document.core_properties
    props.title, props.subject, props.author = "{{ title }}", "{{ year }} 年度报告", "{{ author }}"
    paragraph = document.add_paragraph("Hello {{ name|shout }}, total {{ amount|money }} {{ missing }}.")
    document.add_comment(paragraph.runs, text="审阅意见：数字已核对", author="审核人")
    document.add_paragraph("inline {# a hidden note #}comment kept")
    document.add_paragraph("{#p this paragraph disappears #}")
    document.add_paragraph("literal {_{ name }_} and {_% if x %_} stay")
    for text in ("My house is located", "{%- if town -%}", " in urban area", "{%- else -%}", " in countryside",
                 "{%- endif -%}", " and I love it."):
        document.add_paragraph(text)
    document.add_paragraph("{%p if show %}")
    document.add_paragraph("shown with {{ name }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{% for i in items %}{{ i }}{% if not loop.last %}, {% endif %}{% endfor %}")
    document.add_paragraph("{% for i in items %}")  # no prefix: docxtpl keeps these paragraphs, empty
    document.add_paragraph("item {{ i }} of {{ items|length }}")
    document.add_paragraph("{% endfor %}")
    runs = document.add_paragraph()
    runs.add_run("A")
    runs.add_run("{%r if show %}")
    runs.add_run("B")
    runs.add_run("{%r endif %}")
    runs.add_run("C{#r docxtpl keeps this run: only the comment goes #}")
    document.add_paragraph("RT: {{r rt }} | {{r link }}")
    document.add_paragraph("{{p rp }}")
    document.add_paragraph("Listing: {{ lst }}")
    document.add_paragraph("{{ img }} {{ img_tall }} {{ img_natural }} {{ img_link }}")
    document.add_paragraph("{{p sd }}")
    document.add_paragraph("escaped: {{ hostile }}")
    document.add_picture(io.BytesIO(picture), width=Mm(10))
    raw_paragraph(document, '<w:r><w:t>split {{ na</w:t></w:r><w:proofErr w:type="spellStart"/>'
                            '<w:r><w:t>me }} runs</w:t></w:r>')
    _tables(document)
    return to_bytes(document)


def _tables(document) -> None:
    rows = document.add_table(rows=5, cols=3)
    for index, head in enumerate(("名称", "分组", "数量")):
        rows.cell(0, index).text = head
    rows.cell(1, 0).text = "{#tr this row is only a note #}"
    rows.cell(2, 0).text = "{%tr for r in rows %}"
    for index, text in enumerate(("{{ r.name }}", "{% vm %}{{ r.group }}", "{{ r.n }}")):
        rows.cell(3, index).text = text
    rows.cell(4, 0).text = "{%tr endfor %}"
    columns = document.add_table(rows=2, cols=5)
    for index, text in enumerate(("年度", "{%tc for y in years %}", "{{ y }}", "{%tc endfor %}", "合计")):
        columns.cell(0, index).text = text
    for index, text in enumerate(("户数", "{%tc for y in years %}", "{% hm %}全部年度", "{%tc endfor %}",
                                  "{{ total }}")):
        columns.cell(1, index).text = text
    cells = document.add_table(rows=2, cols=3)
    cells.cell(0, 0).text = "{% colspan span %}横跨"
    cells.cell(0, 2).text = "{% cellbg colour %}底色"
    cells.cell(1, 0).text = "{#tc this cell goes #}"
    cells.cell(1, 1).text = "左"
    cells.cell(1, 2).text = "右"
    row = cells.rows[0]._tr
    row.remove(row.tc_lst[1])  # the spanned cell: 2 + 1 columns


def full_context(picture: bytes, picture_path: str) -> Callable[[Any, Any], dict]:
    def make(api, tpl) -> dict:
        rt = api.RichText("bold red", bold=True, color="#FF0000", size=28)
        rt.add(" styled", italic=True, underline="double", strike=True, font="Arial", highlight="FFFF00")
        rt.add(" sup", superscript=True, lang="en-US")
        rt.add(api.RichText(" nested", style="Strong"))
        rp = api.RichTextParagraph()
        rp.add(api.RichText("first paragraph", bold=True))
        rp.add("second paragraph", parastyle="Title")
        sd = tpl.new_subdoc()
        sd.add_paragraph("subdocument paragraph")
        table = sd.add_table(rows=1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "子表", "单元格"
        sd.add_picture(io.BytesIO(png(2, 2, b"\x00\x00\xff")), width=Mm(5))
        return {
            "company": "青禾县", "title": "工作总结", "year": 2024, "author": "办公室", "name": "bob",
            "amount": 1234.5, "town": True, "show": True, "items": ["甲", "乙", "丙"],
            "rt": rt, "link": api.RichText("政府网", url_id=tpl.build_url_id("https://www.gov.cn"), underline=True),
            "rp": rp, "lst": api.Listing("line one\nline two\ttabbed\anext paragraph"),
            "img": api.InlineImage(tpl, picture_path, width=Mm(20)),
            "img_tall": api.InlineImage(tpl, io.BytesIO(picture), height=Mm(8)),
            "img_natural": api.InlineImage(tpl, picture_path),
            "img_link": api.InlineImage(tpl, picture_path, width=Mm(6), height=Mm(6), anchor="https://example.org"),
            "sd": sd, "hostile": "a < b && c > d \"q\" 'x' </w:t>",
            "rows": [{"name": "城关镇", "group": "东片", "n": 3}, {"name": "河口乡", "group": "东片", "n": 4},
                     {"name": "石门镇", "group": "西片", "n": 5}],
            "years": [2021, 2022, 2023], "total": 12, "span": 2, "colour": "00FF00",
        }

    return make


def full_env():
    from jinja2 import Environment

    env = Environment()
    env.filters["shout"] = lambda value: str(value).upper() + "!"
    env.filters["money"] = lambda value: f"¥{value:,.2f}"
    return env
