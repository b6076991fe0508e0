"""reportgen.docx vs docxtpl on the same 2–3 page template and data (1,000 renders to bytes each).

Run: ``.venv/bin/python bench/bench_docx.py [--renders 1000]`` (needs the ``bench`` extra: docxtpl).
The template has ~20 variables, an ``if``, a list and a 50-row ``{%tr for%}`` table; values are escaped
in both engines (docxtpl with ``autoescape=True``). Three runs: reportgen's own API, the same render through
``reportgen.compat.docxtpl`` written exactly like the docxtpl script (a new ``DocxTemplate`` per render,
``render``, ``save``), and docxtpl. Prints ms/render (wall and CPU), renders/s, the ratios, peak memory.
"""

from __future__ import annotations

import argparse
import gc
import io
import time
import tracemalloc

import docx

from reportgen.docx import DocxTemplate

FIELDS = ["县", "年度", "户数", "人数", "已脱贫户数", "已脱贫人数", "未脱贫户数", "未脱贫人数", "农业户籍人口",
          "贫困发生率", "人均纯收入", "乡镇数", "行政村数", "监测户数", "监测人数", "留守儿童数", "单位", "日期",
          "联系人", "电话"]


def build_template() -> bytes:
    document = docx.Document()
    document.add_heading("{{ 县 }}{{ 年度 }}年度脱贫攻坚工作总结", level=1)
    for index in range(0, len(FIELDS), 4):
        document.add_paragraph("；".join(f"{name}为{{{{ {name} }}}}" for name in FIELDS[index:index + 4]) + "。")
    document.add_paragraph("{% if 未脱贫户数 > 0 %}尚有{{ 未脱贫户数 }}户未脱贫，需持续帮扶。{% endif %}")
    for _ in range(5):
        document.add_paragraph("全县坚持精准扶贫、精准脱贫基本方略，压实责任，强化保障，" * 3)
    document.add_paragraph("{%p for m in 措施 %}")
    document.add_paragraph("{{ m }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=3, cols=5)
    for index, head in enumerate(["序号", "乡镇", "户数", "人数", "发生率"]):
        table.cell(0, index).text = head
    table.cell(1, 0).text = "{%tr for r in 乡镇 %}"
    for index, cell in enumerate(["{{ loop.index }}", "{{ r.名称 }}", "{{ r.户数 }}", "{{ r.人数 }}",
                                  "{{ '%.2f'|format(r.发生率) }}"]):
        table.cell(2, index).text = cell
    table.add_row().cells[0].text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_context() -> dict:
    context = {name: f"{name}值&<{i}>" for i, name in enumerate(FIELDS)}
    context.update({"未脱贫户数": 22, "措施": [f"措施{i}：产业帮扶、就业帮扶、教育帮扶" for i in range(6)],
                    "乡镇": [{"名称": f"第{i}乡镇", "户数": 100 + i, "人数": 400 + i, "发生率": i / 7}
                           for i in range(50)]})
    return context


def measure(label: str, render, renders: int) -> tuple[float, float]:
    """(renders/s by wall clock, renders/s by CPU time): CPU time stays meaningful on a loaded machine."""
    render()  # warm-up (and compile, for reportgen)
    gc.collect()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(renders):
        render()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    tracemalloc.start()
    render()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:10s} {elapsed * 1000 / renders:8.3f} ms/render (CPU {cpu * 1000 / renders:8.3f} ms) "
          f"{renders / elapsed:9.1f} renders/s  peak {peak / 1e6:6.2f} MB/render")
    return renders / elapsed, renders / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=1000)
    args = parser.parse_args()
    template, context = build_template(), build_context()

    start = time.perf_counter()
    tpl = DocxTemplate.load(template)
    print(f"reportgen compile once: {(time.perf_counter() - start) * 1000:.1f} ms")
    ours = measure("reportgen", lambda: tpl.render(context), args.renders)

    import docxtpl

    from reportgen.compat import docxtpl as compat

    def compat_render() -> bytes:  # the docxtpl script below, with only its import changed
        doc = compat.DocxTemplate(io.BytesIO(template))
        doc.render(context, autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()

    through_compat = measure("compat", compat_render, args.renders)

    def docxtpl_render() -> bytes:
        doc = docxtpl.DocxTemplate(io.BytesIO(template))
        doc.render(context, autoescape=True)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()

    theirs = measure("docxtpl", docxtpl_render, args.renders)
    for label, figures in (("reportgen", ours), ("compat API", through_compat)):
        print(f"ratio: {label} is {figures[0] / theirs[0]:.1f}x docxtpl's renders/s "
              f"(by CPU time {figures[1] / theirs[1]:.1f}x)")
    ours_doc = docx.Document(io.BytesIO(tpl.render(context)))
    compat_doc = docx.Document(io.BytesIO(compat_render()))
    theirs_doc = docx.Document(io.BytesIO(docxtpl_render()))
    text = [p.text for p in theirs_doc.paragraphs]
    print(f"same text: reportgen {[p.text for p in ours_doc.paragraphs] == text}, "
          f"compat {[p.text for p in compat_doc.paragraphs] == text}; table rows: {len(ours_doc.tables[0].rows)}, "
          f"{len(compat_doc.tables[0].rows)} vs {len(theirs_doc.tables[0].rows)}")


if __name__ == "__main__":
    main()
