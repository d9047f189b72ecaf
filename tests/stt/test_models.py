"""Model download: progress, resume, checksum, unsafe archives, unreachable hosts, listing."""

from __future__ import annotations

import hashlib
import http.server
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from assistant.stt import SttError, list_models, pull_model


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with ``Range: bytes=N-`` support (206)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start = 0
        header = self.headers.get("Range")
        if header and header.startswith("bytes="):
            start = int(header[6:].split("-")[0])
            self.send_response(206)
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_RangeHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


def _model_zip(name: str, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"{name}/am/final.mdl", b"x" * 50_000)
        zf.writestr(f"{name}/conf/model.conf", b"--sample-frequency=16000\n")
        for member, data in (extra or {}).items():
            zf.writestr(member, data)
    return buf.getvalue()


def test_pull_progress_resume_and_list(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    data = _model_zip("vosk-model-small-en-us-test")
    (root / "vosk-model-small-en-us-test.zip").write_bytes(data)
    models = tmp_path / "models"
    models.mkdir()
    (models / "vosk-model-small-en-us-test.zip.part").write_bytes(data[:1000])
    calls: list[tuple[int, int]] = []
    path = pull_model(
        "en",
        models,
        url=f"{base}/vosk-model-small-en-us-test.zip",
        sha256=hashlib.sha256(data).hexdigest(),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert path == models / "vosk-model-small-en-us-test"
    assert (path / "am" / "final.mdl").is_file()
    assert calls[0] == (1000, len(data)) and calls[-1] == (len(data), len(data))
    assert [p.name for p in models.iterdir()] == ["vosk-model-small-en-us-test"]
    listed = [m for m in list_models(models) if m.path == path]
    assert len(listed) == 1 and listed[0].lang == "en" and listed[0].engine == "vosk" and listed[0].available
    assert any(m.engine == "pocketsphinx" for m in list_models(models))


def test_pull_wrong_checksum_leaves_nothing(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    (root / "m.zip").write_bytes(_model_zip("m"))
    models = tmp_path / "models"
    with pytest.raises(SttError, match="checksum mismatch"):
        pull_model("en", models, url=f"{base}/m.zip", sha256="0" * 64)
    assert list(models.iterdir()) == []


def test_pull_refuses_path_traversal(server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = server
    data = _model_zip("evil", {"../../escape.txt": b"gotcha"})
    (root / "evil.zip").write_bytes(data)
    models = tmp_path / "models"
    with pytest.raises(SttError, match="unsafe path"):
        pull_model("en", models, url=f"{base}/evil.zip", sha256=hashlib.sha256(data).hexdigest())
    assert not (tmp_path / "escape.txt").exists() and not (models.parent.parent / "escape.txt").exists()
    assert list(models.iterdir()) == []


def test_pull_unreachable(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SttError, match=r"cannot reach 127\.0\.0\.1.*by hand"):
        pull_model("en", tmp_path / "models", url=f"http://127.0.0.1:{port}/m.zip", sha256="0" * 64)


def test_unknown_language_needs_url(tmp_path: Path) -> None:
    with pytest.raises(SttError, match="no known download"):
        pull_model("fr", tmp_path)
