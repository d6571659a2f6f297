"""Reading articles from disk safely and writing files atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from stance.errors import InputError
from stance.paths import MAX_TEXT_CHARS


def read_article(path: str | Path) -> str:
    """An article's text, or an InputError saying why the file cannot be one."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: is a directory, not a text file: pass the article files inside it")
    if path.stat().st_size > 4 * MAX_TEXT_CHARS:
        raise InputError(
            f"{path}: file is {path.stat().st_size:,} bytes, beyond the {MAX_TEXT_CHARS:,}-character limit: split it"
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError(f"{path}: looks binary (contains NUL bytes): pass a plain-text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (bad byte at offset {exc.start}): convert it, e.g. `iconv -t UTF-8`"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: file is empty: pass an article with text")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{path}: {len(text):,} characters, beyond the {MAX_TEXT_CHARS:,}-character limit: split it")
    return text


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(content, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
            handle.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; give it the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: str | Path, data) -> None:
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
