"""The bundled CJK font, so print maps and briefs never show tofu on a fresh machine.

The font comes from the PyPI package ``noto-cjk-sans-otc==0.0.1`` (pinned in
requirements.txt): the Noto Sans CJK Regular OpenType collection by Google and Adobe,
licensed under the SIL Open Font License 1.1 (the licence text ships in the wheel's
``licenses/LICENSE``). The collection holds the Simplified Chinese face "Noto Sans CJK SC",
which we use so that shared code points take their mainland forms (户, 说, 骨).

PDF output uses ``pdf.fonttype = 42``: matplotlib then embeds a subset of the CFF outlines
as a CID font with a ToUnicode map, so the Chinese text extracts with ``pdftotext``.
No system font is assumed.

**Bold.** ``noto-cjk-sans-otc`` holds the Regular weight only (its collection has SC, TC,
HK, JP and KR faces, all Regular), and matplotlib's ``fontweight="bold"`` would silently
draw that Regular face. Titles therefore use a real bold face, ``Noto Sans CJK JP Bold``
from ``noto-cjk-sans-jp-bold==0.0.1`` (same OFL licence; the only Noto CJK bold on PyPI).
Its cmap covers every simplified character; only a few shared code points take Japanese
forms, so it is used for short titles, never for body text. If it is missing, printing
fails with :class:`FontMissingError` rather than falling back to Regular.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

FONT_PACKAGE = "noto-cjk-sans-otc==0.0.1"
FONT_FAMILY = "Noto Sans CJK SC"
FONT_LICENSE = "SIL Open Font License 1.1 (Noto Sans CJK, Google & Adobe)"
BOLD_FONT_PACKAGE = "noto-cjk-sans-jp-bold==0.0.1"


class FontMissingError(RuntimeError):
    """The pinned font package is not installed."""


def _packaged_font(module_name: str, package: str, what: str) -> Path:
    """The font file a PyPI package ships (its ``FONT_PATH``); FontMissingError if absent."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise FontMissingError(f"{what} package missing: pip install {package}") from error
    path = Path(str(module.FONT_PATH))
    if not path.is_file():
        raise FontMissingError(f"{what} file missing: {path} (reinstall {package})")
    return path


def font_path() -> Path:
    """Path of the bundled collection file (``NotoSansCJK-Regular.ttc``)."""
    return _packaged_font("noto_cjk_sans_otc", FONT_PACKAGE, "CJK font")


def bold_font_path() -> Path:
    """Path of the bundled CJK bold face (``NotoSansCJKjp-Bold.otf``); never a Regular stand-in."""
    return _packaged_font("noto_cjk_sans_jp_bold", BOLD_FONT_PACKAGE, "CJK bold font")


def bold_font(size: float | None = None):  # -> matplotlib.font_manager.FontProperties
    """FontProperties of the CJK bold face at ``size`` points, for ``fontproperties=`` of a title."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(bold_font_path()), size=size)


@cache
def use_in_matplotlib() -> str:
    """Register the font with matplotlib once and make it the default family; return its name.

    Sets ``font.family`` (with DejaVu Sans after it for any symbol the CJK face lacks),
    TrueType/CID embedding in PDF and PostScript, and an ASCII minus sign.
    """
    import matplotlib
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    matplotlib.rcParams.update(
        {
            "font.family": [FONT_FAMILY, "DejaVu Sans"],
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
            "axes.unicode_minus": False,
        }
    )
    return FONT_FAMILY
