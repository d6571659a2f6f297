"""End to end: `bentoml serve` in a subprocess on 127.0.0.1, called over HTTP, then stopped."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from stance.paths import PROJECT_DIR

pytestmark = pytest.mark.integration
START_TIMEOUT = 90  # seconds for the server to answer /readyz; the whole test stays under ~2 minutes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def store(tiny_model_dir, tmp_path):
    """A fresh BentoML store holding only the tiny model: the environment to use it, and its tag."""
    env = {**os.environ, "BENTOML_HOME": str(tmp_path / "bentoml"), "BENTOML_DO_NOT_TRACK": "True",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("STANCE_API_KEY", None)
    # A subprocess saves the model: this process's bentoml may already use another store.
    saved = subprocess.run(
        [sys.executable, "-c", "import sys; from stance.train.store import save_to_bentoml; "
                               "print(save_to_bentoml(sys.argv[1]))", str(tiny_model_dir)],
        env=env, capture_output=True, text=True, timeout=120, check=True)
    env["STANCE_MODEL_TAG"] = tag = saved.stdout.split()[-1]
    return env, tag


@pytest.fixture
def server(store, tmp_path):
    """`bentoml serve` on a free loopback port, pinned to the stored tiny model."""
    env, tag = store
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "bentoml", "serve", "stance.serve.service:StanceService",
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}", tag, process, log
    finally:
        # The server runs workers of its own: stop the whole process group it leads.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def _wait_ready(httpx, url, process, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"bentoml serve exited with {process.returncode}:\n{log.read()[-3000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    log.seek(0)
    pytest.fail(f"no answer from {url}/readyz within {START_TIMEOUT} s:\n{log.read()[-3000:]}")


def test_bentoml_serve_answers_over_http(server):
    import httpx

    url, tag, process, log = server
    _wait_ready(httpx, url, process, log)
    with httpx.Client(base_url=url, timeout=30) as client:
        analyzed = client.post("/analyze", json={"text": "Italy rejects sending peacekeeping troops to Ukraine."})
        assert analyzed.status_code == 200 and {"stances", "by_country"} <= analyzed.json().keys()
        item = {"text": "Italy rejects sending peacekeeping troops.", "actor": "Italy", "topic": "peacekeeping_troops"}
        classified = client.post("/classify", json={"items": [item, item]})
        assert classified.status_code == 200 and len(classified.json()) == 2
        assert client.post("/model", json={}).json()["tag"] == tag
        bad = client.post("/classify", json={"items": [{**item, "topic": "sanctions"}]})
        assert bad.status_code == 400 and "unknown topic" in bad.text
        too_large = client.post("/analyze", content=b"x" * (3 * 1024 * 1024))
        assert too_large.status_code == 413


def test_bentoml_build_packs_the_service_and_the_model(store):
    env, tag = store
    built = subprocess.run([sys.executable, "-m", "bentoml", "build", "--output", "tag"], cwd=PROJECT_DIR,
                           env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-3000:]
    bento_tag = built.stdout.strip().splitlines()[-1].removeprefix("__tag__:")
    shown = subprocess.run([sys.executable, "-m", "bentoml", "get", bento_tag, "-o", "json"], env=env,
                           capture_output=True, text=True, timeout=60, check=True)
    assert tag in shown.stdout  # the served model version travels inside the bento
