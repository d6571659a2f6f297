"""The REST service in-process (no server): every endpoint and every refusal.

The tiny random model is saved into a temporary BentoML store; BENTOML_HOME must point
there before bentoml first touches its store, so the fixture sets it before importing it.
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pydantic
import pytest

from stance.paths import MAX_TEXT_CHARS, METRICS_FILE, TRAINING_INFO_FILE
from stance.schema import LABELS
from stance.serve.logs import BadRequestsAsWarnings

ARTICLE = "Italy rejects sending peacekeeping troops to Ukraine. Donald Tusk said Poland supports a ceasefire."
ITEM = {"text": "Italy rejects sending peacekeeping troops.", "actor": "Italy", "topic": "peacekeeping_troops"}
TRAINING = {"base_model": "tiny-random-bert", "data_hash": "0123abcd", "articles": 5}
METRICS = {"macro_f1": 0.5}


@pytest.fixture(scope="module")
def served_tag(tiny_model_dir, tmp_path_factory):
    """The tiny model, with training and metrics files, as the only model in a fresh store."""
    version = tmp_path_factory.mktemp("version") / "20250101-000000"
    shutil.copytree(tiny_model_dir, version)
    (version / TRAINING_INFO_FILE).write_text(json.dumps(TRAINING))
    (version / METRICS_FILE).write_text(json.dumps(METRICS))
    home = tmp_path_factory.mktemp("bentoml-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BENTOML_HOME", str(home))
        env.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path_factory.mktemp("prometheus")))
        env.setenv("BENTOML_DO_NOT_TRACK", "True")
        env.delenv("STANCE_MODEL_TAG", raising=False)
        env.delenv("STANCE_API_KEY", raising=False)
        import bentoml

        from stance.train.store import save_to_bentoml

        tag = save_to_bentoml(version, TRAINING)
        if not Path(bentoml.models.get(tag).path).is_relative_to(home):
            pytest.fail("bentoml chose its store before this module set BENTOML_HOME: run tests/test_serve.py alone")
        yield tag


@pytest.fixture(scope="module")
def client(served_tag):
    """One app per process: a second one would register BentoML's Prometheus metrics twice."""
    from starlette.testclient import TestClient

    from stance.serve.service import StanceService

    with TestClient(StanceService.to_asgi(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def library_model(served_tag):
    import bentoml

    import stance

    return stance.load(bentoml.models.get(served_tag).path)


def test_analyze_returns_the_library_records(client, library_model):
    response = client.post("/analyze", json={"text": ARTICLE, "date": "2025-03-13", "doc_id": "a1"})
    assert response.status_code == 200, response.text
    expected = library_model.analyze(ARTICLE, date="2025-03-13", doc_id="a1").to_dict()
    assert response.json() == json.loads(json.dumps(expected))
    assert response.json()["doc_id"] == "a1"


def test_classify_labels_each_item(client, library_model):
    items = [ITEM, {"text": "Donald Tusk backs a ceasefire.", "actor": "Donald Tusk", "topic": "ceasefire"}]
    response = client.post("/classify", json={"items": items})
    assert response.status_code == 200, response.text
    expected = library_model.classify([(i["text"], i["actor"], i["topic"]) for i in items])
    for got, want in zip(response.json(), expected, strict=True):
        assert got["label"] == want.label and list(got["probabilities"]) == list(LABELS)
        assert got["probabilities"] == pytest.approx(want.probabilities, abs=2e-4)


def test_model_reports_tag_base_model_data_hash_and_metrics(client, served_tag):
    info = client.post("/model", json={}).json()
    assert info["tag"] == served_tag
    assert (info["base_model"], info["data_hash"]) == (TRAINING["base_model"], TRAINING["data_hash"])
    assert info["metrics"] == METRICS and info["labels"] == list(LABELS)
    assert client.post("/model").status_code == 200  # an empty body is fine too


@pytest.mark.parametrize("route", ["/analyze", "/classify", "/model"])
def test_docs_example_of_every_endpoint_works(client, route):
    operation = client.get("/docs.json").json()["paths"][route]["post"]
    properties = operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    example = {name: spec["example"] for name, spec in properties.items() if "example" in spec}
    assert client.post(route, json=example).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/livez", "/readyz", "/metrics", "/docs.json"])
def test_health_metrics_and_docs_stay_on(client, path):
    assert client.get(path).status_code == 200


def _items(n):
    return {"items": [ITEM] * n}


BAD_REQUESTS = [
    ("/analyze", {}, "Field required"),
    ("/analyze", {"text": "   "}, "text is empty"),
    ("/analyze", {"text": 42}, "valid string"),
    ("/analyze", {"text": "a\x00b"}, "NUL bytes"),
    ("/analyze", {"text": "x" * (MAX_TEXT_CHARS + 1)}, "more than the limit"),
    ("/analyze", {"text": ARTICLE, "date": "13/03/2025"}, "not a date written YYYY-MM-DD"),
    ("/analyze", {"text": ARTICLE, "date": "20250313"}, "not a date written YYYY-MM-DD"),
    ("/analyze", {"text": ARTICLE, "doc_id": "d" * 201}, "at most 200 characters"),
    ("/analyze", [ARTICLE], "should be an object"),
    ("/classify", {}, "Field required"),
    ("/classify", {"items": []}, "at least 1 item"),
    ("/classify", _items(65), "at most 64 items"),
    ("/classify", {"items": "Italy"}, "valid array"),
    ("/classify", {"items": [None]}, "should be an object"),
    ("/classify", {"items": [{**ITEM, "topic": "sanctions"}]}, "unknown topic 'sanctions'"),
    ("/classify", {"items": [{**ITEM, "actor": " "}]}, "actor is empty"),
    ("/classify", {"items": [{**ITEM, "text": ""}]}, "text is empty"),
    ("/classify", {"items": [{"text": "Italy rejects it.", "actor": "Italy"}]}, "Field required"),
    ("/classify", {"items": [{**ITEM, "actr": "Italy"}]}, "Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("route", "body", "message"), BAD_REQUESTS)
def test_bad_input_gets_400_saying_what_is_wrong(client, route, body, message):
    response = client.post(route, json=body)
    assert response.status_code == 400, response.text
    assert message in response.text


def test_broken_json_gets_400(client):
    response = client.post("/analyze", content=b'{"text": ', headers={"content-type": "application/json"})
    assert response.status_code == 400 and "Invalid JSON" in response.text


def test_body_over_the_limit_gets_413_announced_or_streamed(client):
    from stance.serve.schemas import MAX_BODY_BYTES

    body = json.dumps({"text": "a" * MAX_BODY_BYTES}).encode()
    announced = client.post("/analyze", content=body, headers={"content-type": "application/json"})
    streamed = client.post("/analyze", content=iter([body[:1000], body[1000:]]),
                           headers={"content-type": "application/json"})
    for response in (announced, streamed):
        assert response.status_code == 413 and "over the limit" in response.json()["error"]
    small = json.dumps({"text": ARTICLE}).encode()
    assert client.post("/analyze", content=iter([small[:10], small[10:]])).status_code == 200


def test_concurrent_callers_share_batches_and_a_bad_item_fails_only_its_caller(client, monkeypatch):
    from stance.model import StanceModel

    calls, original = [], StanceModel.classify

    def slow_classify(self, items):  # slow enough that callers queue up behind a running batch
        calls.append(len(items))
        time.sleep(0.05)
        return original(self, items)

    monkeypatch.setattr(StanceModel, "classify", slow_classify)
    for _ in range(12):  # BentoML's dispatcher sends single requests while it learns the timing
        assert client.post("/classify", json=_items(1)).status_code == 200
    calls.clear()
    bodies = [{"items": [{**ITEM, "topic": "nope"}]} if i % 4 == 0 else _items(1 + i % 3) for i in range(24)]
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda body: client.post("/classify", json=body), bodies))
    for body, response in zip(bodies, responses, strict=True):
        if body["items"][0]["topic"] == "nope":
            assert response.status_code == 400 and "unknown topic" in response.text
        else:
            assert response.status_code == 200 and len(response.json()) == len(body["items"])
    good = [body for body in bodies if body["items"][0]["topic"] != "nope"]
    assert sum(calls) == sum(len(body["items"]) for body in good)
    assert len(calls) < len(good), f"no two callers shared a forward pass: {calls}"


def test_api_key_guards_every_endpoint_but_health(client, monkeypatch):
    monkeypatch.setenv("STANCE_API_KEY", "s3cret")
    assert client.post("/analyze", json={"text": ARTICLE}).status_code == 401
    wrong = client.post("/classify", json=_items(1), headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "API key" in wrong.json()["error"]
    assert client.post("/model", json={}, headers={"Authorization": "s3cret"}).status_code == 401
    ok = client.post("/analyze", json={"text": ARTICLE}, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200
    for path in ("/healthz", "/livez", "/readyz", "/metrics", "/docs.json"):
        assert client.get(path).status_code == 200


def test_model_tag_can_be_pinned(monkeypatch):
    from stance.serve.service import model_tag

    monkeypatch.delenv("STANCE_MODEL_TAG", raising=False)
    assert model_tag() == "stance-classifier:latest"
    monkeypatch.setenv("STANCE_MODEL_TAG", "abc123")
    assert model_tag() == "stance-classifier:abc123"
    monkeypatch.setenv("STANCE_MODEL_TAG", "other:v1")
    assert model_tag() == "other:v1"


def test_service_module_imports_no_trainer_and_no_heavy_library():
    """torch and transformers load in the service's __init__; the trainer's stack never."""
    code = ("import sys, stance.serve.service; "
            "print([m for m in ('stance.train', 'datasets', 'sklearn', 'torch', 'transformers') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "BENTOML_DO_NOT_TRACK": "True"})
    assert done.stdout.strip().splitlines()[-1:] == ["[]"], done.stderr[-2000:]


def test_bad_requests_are_logged_as_one_warning_line_and_server_faults_stay_errors():
    class Body(pydantic.BaseModel):
        text: str

    def record(error: Exception) -> logging.LogRecord:
        try:
            raise error
        except Exception:
            return logging.LogRecord("bentoml", logging.ERROR, __file__, 1, "Exception on %s [%s]",
                                     ("/analyze", "POST"), sys.exc_info())

    try:
        Body(text=5)
    except pydantic.ValidationError as error:
        bad_request = record(error)
    assert BadRequestsAsWarnings().filter(bad_request)
    assert bad_request.levelname == "WARNING" and bad_request.exc_info is None
    assert bad_request.getMessage() == "/analyze [POST] answered 400: Input should be a valid string"

    fault = record(RuntimeError("boom"))
    assert BadRequestsAsWarnings().filter(fault)
    assert fault.levelname == "ERROR" and fault.exc_info[0] is RuntimeError
