"""misidao-publish: Chinese articles into EPUB, print-ready PDF and WeChat-ready HTML."""

from __future__ import annotations

__version__ = "0.1.0"
