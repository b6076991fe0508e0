"""Free font substitutes for the standard 公文 fonts, for LibreOffice/PDF rendering on Linux.

The .docx files keep the standard names (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体) because readers'
Windows/WPS machines have them. On Linux those names are unknown and would fall back to DejaVu Sans, so
rendering uses a fontconfig file that includes the system configuration and maps each standard name to a
free GB2312-complete font (Fandol from texlive, AR PL KaitiM GB, Noto CJK). ``font_environment()`` is the
environment a converter passes to ``soffice``; ``fonts/60-reportgen-gbt9704.conf`` is the same rules for
users who want them system-wide (``python -m reportgen.layout.fonts > fonts/60-reportgen-gbt9704.conf``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportgen.format.script import FONT_ALT_NAMES
from reportgen.io.files import atomic_write_text

# standard name → (free substitutes in order of preference, bold?)
FONT_SUBSTITUTES: dict[str, tuple[tuple[str, ...], bool]] = {
    # a Traditional character the GB2312 font lacks is drawn by the same style's Traditional face
    # (cwTeX 仿宋, AR PL UKai TW), not by a Song/Ming fallback in the middle of 仿宋 text
    "仿宋_GB2312": (("FandolFang", "cwTeXFangSong", "Noto Serif CJK SC"), False),
    "仿宋": (("FandolFang", "cwTeXFangSong", "Noto Serif CJK SC"), False),
    "FangSong": (("FandolFang", "cwTeXFangSong", "Noto Serif CJK SC"), False),
    "楷体_GB2312": (("AR PL KaitiM GB", "FandolKai", "AR PL UKai TW", "Noto Serif CJK SC"), False),
    "楷体": (("AR PL KaitiM GB", "FandolKai", "AR PL UKai TW", "Noto Serif CJK SC"), False),
    "KaiTi": (("AR PL KaitiM GB", "FandolKai", "AR PL UKai TW", "Noto Serif CJK SC"), False),
    "黑体": (("Noto Sans CJK SC", "FandolHei"), False),
    "SimHei": (("Noto Sans CJK SC", "FandolHei"), False),
    "宋体": (("FandolSong", "Noto Serif CJK SC"), False),
    "SimSun": (("FandolSong", "Noto Serif CJK SC"), False),
    "方正小标宋简体": (("Noto Serif CJK SC", "FandolSong"), True),
    "方正小标宋_GBK": (("Noto Serif CJK SC", "FandolSong"), True),
}
#: The fonts a Traditional render names instead (reportgen.format.script.TRADITIONAL_FONTS), by either of
#: their names: Taiwan/Hong Kong faces from fonts-arphic-ukai/-uming, Noto CJK TC/HK where those are missing.
TRADITIONAL_FONT_SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "標楷體": ("AR PL UKai TW", "Noto Serif CJK TC"),
    "新細明體": ("AR PL UMing TW", "Noto Serif CJK TC"),
    "細明體": ("AR PL UMing TW", "Noto Serif CJK TC"),
    "細明體_HKSCS": ("AR PL UMing HK", "Noto Serif CJK HK", "Noto Serif CJK TC"),
    "微軟正黑體": ("Noto Sans CJK TC",),
}
FONT_SUBSTITUTES.update({alias: (families, False) for name, families in TRADITIONAL_FONT_SUBSTITUTES.items()
                         for alias in dict.fromkeys((name, FONT_ALT_NAMES.get(name, name)))})

#: For Traditional text (run language zh-TW/zh-HK/zh-MO): one Traditional-complete face per standard name,
#: drawn in Taiwan forms and Chinese (TC), never the Japanese face of the Noto collection. One face, not
#: a chain: FandolFang (GB2312 only) with cwTeXFangSong for 脫/戶/佈 set those characters in another
#: typeface, which check-layout's 字体 row reports; cwTeXFangSong alone sets 30 字 a line (its glyphs
#: advance 0.92 字, 14.72 pt at 3号) instead of GB/T 9704's 28. So a Traditional 仿宋 (the GBK FangSong a
#: ``--script traditional`` document names) previews in Noto Serif CJK TC, the Song face 仿宋 derives from.
TRADITIONAL_SUBSTITUTES: dict[str, tuple[str, ...]] = {
    **{name: ("Noto Serif CJK TC",) for name in ("仿宋_GB2312", "仿宋", "FangSong")},
    **{name: ("AR PL UKai TW", "Noto Serif CJK TC") for name in ("楷体_GB2312", "楷体", "KaiTi")},
    **{name: ("Noto Sans CJK TC",) for name in ("黑体", "SimHei")},
    **{name: ("Noto Serif CJK TC",) for name in ("宋体", "SimSun", "方正小标宋简体", "方正小标宋_GBK")},
}
TRADITIONAL_LANGS = ("zh-tw", "zh-hk", "zh-mo")
#: Last resort for characters none of the substitutes has: the Chinese faces for the text's language
#: (fontconfig would otherwise pick the first face of the Noto CJK collection, the Japanese one).
CJK_FALLBACK = {"zh-cn": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
                **{lang: ("Noto Serif CJK TC", "Noto Sans CJK TC") for lang in TRADITIONAL_LANGS}}

SYSTEM_FONTS_CONF = "/etc/fonts/fonts.conf"


def alias_rules() -> str:
    """The fontconfig ``<match>`` rules mapping standard names to free fonts (no surrounding document)."""
    rules = []
    for name, families in TRADITIONAL_SUBSTITUTES.items():  # first: the Simplified rules below then
        prefer = "".join(f"<string>{escape(f)}</string>" for f in families)  # go in front of the name,
        for lang in TRADITIONAL_LANGS:
            rules.append(
                f'  <match target="pattern"><test name="lang" compare="contains"><string>{lang}</string></test>'
                f'<test name="family" qual="any"><string>{escape(name)}</string></test>'
                f'<edit name="family" mode="prepend" binding="strong">{prefer}</edit></match>'
            )
    for lang, families in CJK_FALLBACK.items():
        append = "".join(f"<string>{escape(f)}</string>" for f in families)
        rules.append(
            f'  <match target="pattern"><test name="lang" compare="contains"><string>{lang}</string></test>'
            f'<edit name="family" mode="append" binding="weak">{append}</edit></match>'
        )
    for name, (families, bold) in FONT_SUBSTITUTES.items():
        prefer = "".join(f"<string>{escape(f)}</string>" for f in families)
        weight = '<edit name="weight" mode="assign"><const>bold</const></edit>' if bold else ""
        rules.append(
            f'  <match target="pattern"><test name="family" qual="any"><string>{escape(name)}</string></test>'
            f'<edit name="family" mode="prepend" binding="strong">{prefer}</edit>{weight}</match>'
        )
    return "\n".join(rules)


def fonts_conf(include_system: bool = True) -> str:
    """A complete fonts.conf: the system configuration (optional) plus the alias rules."""
    include = (
        f'  <include ignore_missing="yes">{SYSTEM_FONTS_CONF}</include>\n' if include_system else ""
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- reportgen: free substitutes for the GB/T 9704 公文 fonts (generated by reportgen.layout.fonts) -->\n"
        f"<fontconfig>\n{include}{alias_rules()}\n</fontconfig>\n"
    )


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen" / "fontconfig"


def font_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for ``soffice``/``pdftoppm``: ``FONTCONFIG_FILE`` pointing to the alias configuration.

    The file is written once per content into the user cache (rewritten only when it differs), so
    concurrent conversions share it safely. ``base`` defaults to ``os.environ``.
    """
    env = dict(os.environ if base is None else base)
    path = _cache_dir() / "fonts.conf"
    text = fonts_conf(include_system=Path(SYSTEM_FONTS_CONF).exists())
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic_write_text(path, text)
    env["FONTCONFIG_FILE"] = str(path)
    return env


def resolve_font(name: str, env: dict[str, str] | None = None) -> str | None:
    """The family fontconfig actually uses for ``name`` under :func:`font_environment` (None without fc-match)."""
    if shutil.which("fc-match") is None:
        return None
    pattern = name.replace("\\", "\\\\").replace("-", "\\-").replace(":", "\\:").replace(",", "\\,")
    result = subprocess.run(  # a pattern's "-" starts the size, so DFKai-SB is escaped
        ["fc-match", "-f", "%{family[0]}", pattern], capture_output=True, text=True,
        env=env or font_environment(), check=False,
    )
    return result.stdout.strip() or None


def missing_substitutes(env: dict[str, str] | None = None) -> list[str]:
    """Standard font names that would not resolve to any of their free substitutes."""
    if shutil.which("fc-match") is None:
        return list(FONT_SUBSTITUTES)
    env = env or font_environment()
    missing = []
    for name, (families, _bold) in FONT_SUBSTITUTES.items():
        if resolve_font(name, env) not in families:
            missing.append(name)
    return missing


if __name__ == "__main__":  # pragma: no cover - writes the shipped alias file
    sys.stdout.write(fonts_conf(include_system=False))
