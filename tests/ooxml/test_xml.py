"""The one parser refuses DOCTYPE/ENTITY; the one serializer keeps prefixes markup compatibility names."""

from __future__ import annotations

import pytest
from lxml import etree

from reportgen.errors import ReportgenError
from reportgen.ooxml.namespaces import MC_NS, NSMAP, W14_NS, W_NS, qn, w
from reportgen.ooxml.xml import adopt_ignorable, cleanup_namespaces, parse_xml, refuse_doctype, serialize

WORD_ROOT = (f'<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:w14="{W14_NS}" '
             f'xmlns:wp14="{NSMAP["wp14"]}" xmlns:w15="{NSMAP["w15"]}" mc:Ignorable="w14 wp14 w15">')


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE w:document SYSTEM "http://example.invalid/word.dtd">',
    "<!DOCTYPE w:document>",
])
def test_doctype_and_entities_are_refused_with_the_part_named(prolog: str) -> None:
    data = f'<?xml version="1.0"?>\n{prolog}<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode()
    with pytest.raises(ReportgenError) as info:
        parse_xml(data, "word/document.xml", "模板.docx")
    assert "DOCTYPE" in info.value.message
    assert info.value.location.part == "word/document.xml" and info.value.location.file == "模板.docx"
    with pytest.raises(ReportgenError):  # the byte check used for parts copied without parsing
        refuse_doctype(data, "word/styles.xml")


def test_entity_reference_is_never_expanded_from_disk(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = (f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&x;</r>').encode()
    with pytest.raises(ReportgenError) as info:
        parse_xml(data)
    assert "TOPSECRET" not in str(info.value)


def test_plain_parts_pass_and_malformed_xml_is_a_located_error() -> None:
    refuse_doctype(b'<?xml version="1.0"?><w:document xmlns:w="x"><!-- ok --></w:document>')
    assert parse_xml(f'<w:p xmlns:w="{W_NS}"/>'.encode()).tag == w("p")
    with pytest.raises(ReportgenError) as info:
        parse_xml(b"<w:p>", "word/header1.xml")
    assert info.value.location.part == "word/header1.xml" and "XML" in info.value.message


def test_cleanup_keeps_every_prefix_mc_ignorable_names() -> None:
    root = parse_xml(f'{WORD_ROOT}<w:body><w:p w14:paraId="1A2B3C4D"/></w:body></w:document>'.encode())
    for p in root.iter(w("p")):
        del p.attrib[f"{{{W14_NS}}}paraId"]  # no element or attribute uses w14 any more
    cleanup_namespaces(root)
    assert {"w14", "wp14", "w15"} <= set(root.nsmap)
    out = parse_xml(serialize(root))
    assert {"w14", "wp14", "w15"} <= set(out.nsmap)


def test_plain_lxml_cleanup_would_drop_them() -> None:
    """The failure the serializer guards against (what the fix-up pass did before)."""
    root = parse_xml(f"{WORD_ROOT}<w:body/></w:document>".encode())
    etree.cleanup_namespaces(root)
    assert "w14" not in root.nsmap and root.get(qn("mc:Ignorable")) == "w14 wp14 w15"


def test_serializer_redeclares_a_named_prefix_whatever_dropped_it() -> None:
    root = etree.Element(w("document"), nsmap={"w": W_NS, "mc": MC_NS})
    root.set(qn("mc:Ignorable"), "w14 wp14")
    choice = etree.SubElement(etree.SubElement(root, qn("mc:AlternateContent")), qn("mc:Choice"))
    choice.set("Requires", "wps")
    out = parse_xml(serialize(root))
    assert out.nsmap["w14"] == W14_NS and out.nsmap["wp14"] == NSMAP["wp14"] and out.nsmap["wps"] == NSMAP["wps"]
    assert serialize(root).startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ')


def test_qn() -> None:
    assert qn("w:p") == f"{{{W_NS}}}p" == w("p")
    assert qn("w14:paraId") == f"{{{W14_NS}}}paraId"


def test_markup_moved_between_parts_stays_ignorable() -> None:
    """merge imports a later document's lists into a numbering part that never named w15 ignorable."""
    target = parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>'.encode())
    source = parse_xml(
        f'<w:numbering xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:w15="{NSMAP["w15"]}" xmlns:x="urn:x" '
        f'mc:Ignorable="w15 x"><w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0"/>'
        f'</w:numbering>'.encode())
    adopt_ignorable(target, source)
    target.append(source[0])
    out = serialize(target)
    reparsed = parse_xml(out)
    assert reparsed.get(f"{{{MC_NS}}}Ignorable").split() == ["w15"]  # x: unknown and unused, not adopted
    assert reparsed.nsmap["w15"] == NSMAP["w15"]
