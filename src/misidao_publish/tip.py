"""The 打赏 (tip) page: QR codes for each payment method, and the copyright line.

QR codes are vector SVG made by ``segno``, so they print sharp at any size. The SVG is kept
to what every output accepts: no ids, classes, ``<defs>`` or ``<use>`` (WeChat strips them),
an explicit pixel size, an off-black colour (the WeChat editor drops pure black).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno

from .config import Config
from .errors import ConfigError
from .model import Metadata

QR_DARK = "#222222"
QR_LIGHT = "#ffffff"


@dataclass(frozen=True)
class TipCode:
    """One payment method ready for a layout."""

    label: str
    """The caption (支付宝扫一扫打赏)."""
    svg: str
    """Inline SVG markup of the QR code, or empty when ``image`` is used."""
    image: Path | None
    """The user's own QR picture, when configured instead of a URL."""


@dataclass(frozen=True)
class TipPage:
    """What the tip layout shows."""

    heading: str
    """The heading (觉得文章有用就打赏一下)."""
    codes: tuple[TipCode, ...]
    """The payment methods."""
    copyright: str
    """未经允许不得转载：<title>."""
    source: str
    """来源：<source>, or empty for original articles."""


@lru_cache(maxsize=64)  # encoding picks the best of 8 masks: most of a WeChat export's time, same every build
def qr_svg(data: str, size_px: int = 160) -> str:
    """``data`` as a QR code: inline SVG, ``size_px`` wide, scaled by its viewBox."""
    qr = segno.make(data, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", xmldecl=False, svgns=True, svgclass=None, lineclass=None,
            omitsize=True, dark=QR_DARK, light=QR_LIGHT, scale=1, border=2)
    svg = buffer.getvalue().decode("ascii")
    # omitsize=True gives a viewBox and no size; our explicit pixel size scales it.
    return svg.replace("<svg ", f'<svg width="{size_px}" height="{size_px}" ', 1)


def tip_page(meta: Metadata, config: Config, size_px: int = 160) -> TipPage | None:
    """The tip page for an article (or book), or ``None`` when it is switched off."""
    if not (meta.tip and config.tip.enabled):
        return None
    codes = []
    for i, method in enumerate(config.tip.methods):
        if method.image is not None:
            if not method.image.is_file():
                raise ConfigError(f"tip.methods[{i}].image: no such file {method.image}", config.path)
            codes.append(TipCode(label=method.name, svg="", image=method.image))
        elif method.url:
            codes.append(TipCode(label=method.name, svg=qr_svg(method.url, size_px), image=None))
        else:
            raise ConfigError(f"tip.methods[{i}]: give a url or an image", config.path)
    source = f"来源：{meta.source}" if meta.source else ""
    return TipPage(heading=config.tip.heading, codes=tuple(codes),
                   copyright=f"{config.tip.copyright}{meta.title}", source=source)
