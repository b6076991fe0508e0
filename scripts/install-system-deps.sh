#!/usr/bin/env bash
# Install what reportgen needs outside Python: LibreOffice (docx/xlsx → PDF), poppler (PDF → PNG),
# free CJK fonts for rendering 仿宋/楷体/黑体/小标宋 documents on Linux, Node.js + npm (the tests'
# Open XML SDK validator, pinned in package.json, see docs/validity.md) and Chromium (the browser tests
# of `reportgen serve`). Safe to re-run.
# Without root or apt-get it only reports what is missing; the Python features still work.
set -u
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if ! fc-list 2>/dev/null | grep -qi "Noto Serif CJK"; then need+=(fonts-noto-cjk); fi
# Chromium: the browser tests of `reportgen serve` (Playwright drives this system browser, never a download).
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qi "AR PL KaitiM GB"; then need+=(fonts-arphic-gkai00mp); fi
# Traditional 仿宋/楷体 faces (Taiwan forms) for zh-TW text and Traditional characters GB2312 lacks
if ! fc-list 2>/dev/null | grep -qi "cwTeXFangSong"; then need+=(fonts-cwtex-fs); fi
if ! fc-list 2>/dev/null | grep -qi "AR PL UKai TW"; then need+=(fonts-arphic-ukai); fi
# 新細明體/細明體_HKSCS (the Ming faces of --script tw/hk documents): AR PL UMing TW/HK; Noto CJK TC otherwise
if ! fc-list 2>/dev/null | grep -qi "AR PL UMing TW"; then need+=(fonts-arphic-uming); fi
# Fandol 仿宋/楷体/黑体/宋体 (GB2312-complete, from texlive-lang-chinese): only the four OTFs are
# extracted from the .deb, the rest of TeX Live is not installed. Quiet, idempotent, never fatal.
install_fandol() {
  fc-list 2>/dev/null | grep -qi "FandolFang" && return 0
  [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || {
    echo "reportgen: optional Fandol fonts missing (texlive-lang-chinese); Noto CJK is used instead."
    return 0
  }
  local tmp dest=/usr/local/share/fonts/fandol
  tmp=$(mktemp -d) || return 0
  chmod 755 "$tmp"
  if (cd "$tmp" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1 \
      && dpkg-deb --fsys-tarfile texlive-lang-chinese_*.deb \
         | tar -x --wildcards '*fandol/Fandol[FKHS]*.otf' 2>/dev/null); then
    mkdir -p "$dest" && find "$tmp" -name 'Fandol*.otf' -exec cp {} "$dest"/ \; && fc-cache -f "$dest" >/dev/null 2>&1
  else
    echo "reportgen: could not fetch Fandol fonts; Noto CJK is used instead."
  fi
  rm -rf "$tmp"
  return 0
}
install_fandol
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "reportgen: installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "reportgen: could not install ${need[*]}; PDF output, layout checks and the OOXML validator tests will be skipped."
else
  echo "reportgen: missing system packages: ${need[*]}"
  echo "  install them with: sudo apt-get install ${need[*]}"
  echo "  (without them, PDF conversion, layout checks and OOXML validation are skipped with a clear message)"
fi
exit 0
