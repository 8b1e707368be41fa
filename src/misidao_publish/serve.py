"""``misidao-publish serve``: live previews of the three outputs while an editor writes.

Builds every source of a project into ``<project>/dist/preview/``, serves an index, the WeChat
preview pages, the PDFs and the EPUBs' pages (read straight from the zip) on 127.0.0.1, and
rebuilds when a source, the config or a layout changes (watchfiles). Pages poll a version
number and reload themselves after a rebuild. Only files inside the project folder are ever
served: every request path is resolved and refused unless it stays below the project root.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import readers
from .config import Config
from .errors import PublishError
from .pipeline import SUFFIXES, build_source
from .resources import data_dir

log = logging.getLogger(__name__)

OUT_DIR = Path("dist") / "preview"
"""Where previews are built, below the project folder (and ignored by the watcher)."""
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;setInterval(function(){fetch('/_version',{cache:'no-store'})"
    ".then(function(r){return r.text();}).then(function(t){if(v!==null&&t!==v){location.reload();}v=t;})"
    ".catch(function(){});},800);})();</script>"
)
"""Injected before ``</body>`` of served pages: reload when the build number changes."""


@dataclass
class Site:
    """What the server shows: the project, its sources, the last build and its errors."""

    root: Path
    """The project folder; nothing outside it is served."""
    sources: list[Path]
    """The sources built, inside ``root``."""
    config_for: Callable[[Path], Config]
    """The configuration of a source (loaded afresh on each rebuild)."""
    formats: list[str]
    """The formats built."""
    version: int = 0
    """Incremented after every rebuild; pages poll it to reload."""
    errors: dict[str, str] = field(default_factory=dict)
    """The last build's error for each source that failed, one line each."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held during a rebuild, so a change that lands mid-build waits for the next one."""

    @property
    def out(self) -> Path:
        return self.root / OUT_DIR

    def rebuild(self) -> None:
        """Build every source; a failing source keeps its previous outputs and reports its error."""
        errors: dict[str, str] = {}
        with self.lock:
            for source in self.sources:
                try:
                    build_source(source, self.config_for(source), self.out, self.formats)
                except PublishError as exc:
                    errors[source.name] = exc.format_message()
                    log.error("%s", exc.format_message())
            self.errors = errors
            self.version += 1

    def watched(self) -> list[Path]:
        """Folders whose changes trigger a rebuild: the project and our layouts (and a user's)."""
        paths = [self.root, data_dir("layouts")]
        for source in self.sources[:1]:
            layouts_dir = self.config_for(source).layouts_dir
            if layouts_dir is not None and layouts_dir.is_dir() and not layouts_dir.is_relative_to(self.root):
                paths.append(layouts_dir)
        return paths


def find_sources(target: Path) -> tuple[Path, list[Path]]:
    """The project folder and its sources for ``misidao-publish serve TARGET``."""
    target = target.resolve()
    if target.is_file():
        return target.parent, [target]
    sources = sorted(p for p in target.iterdir() if p.is_file() and p.suffix.lower() in readers.SUFFIXES)
    return target, sources


def inside(root: Path, request_path: str) -> Path | None:
    """The file a URL path names below ``root``, or ``None`` when it would leave ``root``."""
    relative = unquote(urlsplit(request_path).path).lstrip("/")
    if "\x00" in relative:
        return None
    candidate = (root / relative).resolve()
    if candidate != root and not candidate.is_relative_to(root):
        return None
    return candidate


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    """The request handler bound to ``site``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "misidao-publish"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            log.debug("%s " + format, self.address_string(), *args)

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = urlsplit(self.path).path
            if path == "/_version":
                return self.send(str(site.version).encode(), "text/plain; charset=utf-8")
            if path in ("/", "/index.html"):
                return self.send(self.page(index_html(site)), "text/html; charset=utf-8")
            if path.startswith("/_epub/"):
                return self.epub(path[len("/_epub/"):])
            target = inside(site.root, self.path)
            if target is None:
                return self.send_error(HTTPStatus.FORBIDDEN, "outside the project folder")
            if not target.is_file():
                return self.send_error(HTTPStatus.NOT_FOUND)
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            body = target.read_bytes()
            if kind == "text/html":
                return self.send(self.page(body.decode("utf-8", "replace")), "text/html; charset=utf-8")
            return self.send(body, kind)

        def epub(self, rest: str) -> None:
            """A page (or stylesheet, font, picture) from inside a built EPUB."""
            stem, _, member = unquote(rest).partition("/")
            epub_path = inside(site.out, stem + SUFFIXES["epub"]) if stem else None
            if epub_path is None or not epub_path.is_file():
                return self.send_error(HTTPStatus.NOT_FOUND)
            with zipfile.ZipFile(epub_path) as zf:
                names = zf.namelist()
                if not member:
                    return self.send(self.page(epub_index_html(stem, names)), "text/html; charset=utf-8")
                if member not in names:
                    return self.send_error(HTTPStatus.NOT_FOUND)
                body = zf.read(member)
            kind = mimetypes.guess_type(member)[0] or "application/octet-stream"
            if member.endswith(".xhtml"):
                text = body.decode("utf-8").replace("</body>", RELOAD_SCRIPT.replace("&&", "&amp;&amp;") + "</body>", 1)
                return self.send(text.encode("utf-8"), "application/xhtml+xml; charset=utf-8")
            return self.send(body, kind)

        def page(self, text: str) -> bytes:
            if "</body>" in text:
                text = text.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            return text.encode("utf-8")

        def send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def index_html(site: Site) -> str:
    """The start page: each source with links to its three previews, and build errors."""
    rows = []
    for source in site.sources:
        stem = source.stem
        links = []
        if "wechat" in site.formats:
            links.append(f'<a href="/{OUT_DIR.as_posix()}/{stem}.wechat.html">公众号预览</a>')
        if "pdf" in site.formats:
            links.append(f'<a href="/{OUT_DIR.as_posix()}/{stem}.pdf">PDF</a>')
        if "epub" in site.formats:
            links.append(f'<a href="/_epub/{stem}/">EPUB 页面</a>')
        error = site.errors.get(source.name)
        note = f'<p class="error">{html.escape(error)}</p>' if error else ""
        rows.append(f"<li><strong>{html.escape(source.name)}</strong> {' · '.join(links)}{note}</li>")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>misidao-publish 预览</title>'
        "<style>body{font-family:sans-serif;max-width:720px;margin:40px auto;color:#222}"
        "li{margin:10px 0}.error{color:#b03a2e}</style></head><body>"
        f"<h1>预览 · {html.escape(site.root.name)}</h1><ul>{''.join(rows)}</ul>"
        f"<p>第 {site.version} 次构建；修改文章、配置或版式后自动重建并刷新。</p></body></html>"
    )


def epub_index_html(stem: str, names: list[str]) -> str:
    """The pages of one EPUB, in zip order (which follows the spine for our EPUBs)."""
    pages = [n for n in names if n.endswith(".xhtml")]
    links = "".join(f'<li><a href="/_epub/{html.escape(stem)}/{html.escape(n)}">{html.escape(n)}</a></li>'
                    for n in pages)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(stem)}.epub</title>'
            f"</head><body><h1>{html.escape(stem)}.epub</h1><ul>{links}</ul></body></html>")


def watch(site: Site, stop: threading.Event) -> None:
    """Rebuild whenever a watched file changes, until ``stop`` is set."""
    from watchfiles import watch as watch_changes  # noqa: PLC0415 - only the server needs it

    out = site.out.resolve()
    roots = [r.resolve() for r in site.watched()]

    def relevant(_change: object, path: str) -> bool:
        # Our own outputs would rebuild forever; hidden files (.git, editor swap files) are not content.
        p = Path(path)
        if p.is_relative_to(out):
            return False
        inner = next((p.relative_to(r) for r in roots if p.is_relative_to(r)), p)
        return not any(part.startswith(".") for part in inner.parts)

    for changes in watch_changes(*site.watched(), watch_filter=relevant, stop_event=stop, debounce=300):
        log.info("changed: %s", ", ".join(sorted({Path(p).name for _, p in changes})))
        site.rebuild()


def serve(site: Site, host: str, port: int, ready: Callable[[str], None]) -> None:
    """Build once, then serve and watch until interrupted."""
    try:
        server = ThreadingHTTPServer((host, port), make_handler(site))
    except OSError as exc:
        raise PublishError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    site.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site, stop), daemon=True)
    watcher.start()
    ready(f"http://{host}:{server.server_address[1]}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
